/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-compare-dialog.c: two versions of a value side by side, to choose one
 *
 * Lines that differ between the versions are marked, so a small change in
 * a big state is easy to find.
 */

#define G_LOG_DOMAIN "lens-compare-dialog"

#include "config.h"

#include <gtksourceview/gtksource.h>

#include "rk-compat.h"

#include "lens-compare-dialog.h"
#include "lens-util.h"

struct _LensCompareDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkSourceView *theirs_view;
  GtkSourceView *mine_view;
};

G_DEFINE_FINAL_TYPE (LensCompareDialog, lens_compare_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Marks the lines of @view that the other text does not have at the same
 * position: enough to spot the change in pretty-printed JSON. */
static void
mark_differences (GtkSourceView  *view,
                  char          **lines,
                  char          **other)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  guint n_other = g_strv_length (other);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      GtkTextIter start, end;

      if (i < n_other && g_str_equal (lines[i], other[i]))
        continue;

      gtk_text_buffer_get_iter_at_line (buffer, &start, i);
      end = start;
      gtk_text_iter_forward_to_line_end (&end);
      gtk_text_buffer_apply_tag_by_name (buffer, "changed", &start, &end);
    }
}

static void
setup_view (GtkSourceView *view,
            const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  lens_source_buffer_init (GTK_SOURCE_BUFFER (buffer));
  gtk_text_buffer_create_tag (buffer, "changed",
                              "paragraph-background", "rgba(229,165,10,0.25)",
                              NULL);
  gtk_text_buffer_set_text (buffer, text, -1);
}

static void
lens_compare_dialog_class_init (LensCompareDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-compare-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LensCompareDialog, theirs_view);
  gtk_widget_class_bind_template_child (widget_class, LensCompareDialog, mine_view);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
}

static void
lens_compare_dialog_init (LensCompareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lens_compare_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @heading: the question
 * @body: what happened
 * @theirs: (nullable): the server's version; %NULL if it is gone
 * @mine: the user's version
 *
 * The caller adds the responses.
 *
 * Returns: (transfer none): a new dialog
 */
GtkWidget *
lens_compare_dialog_new (GtkWindow  *parent,
                         const char *heading,
                         const char *body,
                         JsonNode   *theirs,
                         JsonNode   *mine)
{
  LensCompareDialog *self;
  g_autofree char *theirs_text = NULL;
  g_autofree char *mine_text = NULL;
  g_auto(GStrv) theirs_lines = NULL;
  g_auto(GStrv) mine_lines = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (heading != NULL, NULL);
  g_return_val_if_fail (mine != NULL, NULL);

  self = g_object_new (LENS_TYPE_COMPARE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", body,
                       NULL);

  theirs_text = theirs ? rk_compat_to_string (theirs, TRUE) : g_strdup ("");
  mine_text = rk_compat_to_string (mine, TRUE);
  setup_view (self->theirs_view, theirs_text);
  setup_view (self->mine_view, mine_text);

  theirs_lines = g_strsplit (theirs_text, "\n", -1);
  mine_lines = g_strsplit (mine_text, "\n", -1);
  mark_differences (self->theirs_view, theirs_lines, mine_lines);
  mark_differences (self->mine_view, mine_lines, theirs_lines);

  return GTK_WIDGET (self);
}
