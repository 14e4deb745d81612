/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-state-view-values.c: editing one value of the state
 *
 * One value edited from the tree is checked again when the user saves: if
 * the server changed that very value meanwhile, both versions are shown and
 * the user chooses. Otherwise the new value is put into a copy of the
 * current state, so changes made elsewhere in the document are kept.
 * (The JSON page's text is in lens-state-view-text.c.)
 */

#define G_LOG_DOMAIN "lens-state-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-compat.h"

#include "lens-compare-dialog.h"
#include "lens-json-tree.h"
#include "lens-state-view-private.h"
#include "lens-util.h"
#include "lens-value-dialog.h"

/* Editing one value */

typedef struct
{
  LensStateView *self;
  LensJsonNode *node;
  JsonNode *base;
  JsonNode *value;
} ValueEdit;

static void
value_edit_free (ValueEdit *edit)
{
  g_clear_weak_pointer (&edit->self);
  g_clear_object (&edit->node);
  g_clear_pointer (&edit->base, json_node_unref);
  g_clear_pointer (&edit->value, json_node_unref);
  g_free (edit);
}

static void
value_edit_closure_free (gpointer  data,
                         GClosure *closure)
{
  value_edit_free (data);
}

static void
apply_value (LensStateView *self,
             LensJsonNode  *node,
             JsonNode      *value)
{
  JsonNode *state = _lens_state_view_current_state (self);
  g_autoptr(JsonNode) document = NULL;

  if (lens_json_tree_get_root (self->tree) == node || state == NULL)
    {
      _lens_state_view_patch (self, value);
      return;
    }

  document = lens_json_deep_copy (state);
  if (!lens_json_node_replace_in (node, document, value))
    {
      lens_widget_toast (GTK_WIDGET (self), _("The value is no longer in the state"));
      return;
    }
  _lens_state_view_patch (self, document);
}

static void
value_conflict_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   ValueEdit        *edit)
{
  if (edit->self != NULL && g_strcmp0 (response, "mine") == 0)
    apply_value (edit->self, edit->node, edit->value);
}

static void
value_response_cb (LensValueDialog *dialog,
                   const char      *response,
                   ValueEdit       *edit)
{
  LensStateView *self = edit->self;
  g_autofree char *path = NULL;
  JsonNode *now;
  GtkWidget *compare;

  if (self == NULL || g_strcmp0 (response, "save") != 0)
    return;

  if (!(edit->value = lens_value_dialog_dup_value (dialog, NULL)))
    return;

  now = _lens_state_view_current_state (self);
  if (lens_json_tree_get_root (self->tree) != edit->node)
    now = lens_json_node_lookup (edit->node, now);

  if (now != NULL && rk_compat_equal (now, edit->base))
    {
      apply_value (self, edit->node, edit->value);
      return;
    }

  /* Someone changed this very value meanwhile: never overwrite silently. */
  path = lens_json_node_dup_path (edit->node);
  compare = lens_compare_dialog_new (_lens_state_view_get_window (self),
                                     _("The Value Changed While You Edited"),
                                     path, now, edit->value);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (compare),
                                    "cancel", _("_Keep the Server’s"),
                                    "mine", _("_Save Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (compare), "mine",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (compare), "cancel");
  g_signal_connect_data (compare, "response", G_CALLBACK (value_conflict_cb),
                         g_steal_pointer (&edit), value_edit_closure_free, 0);
  gtk_window_present (GTK_WINDOW (compare));
}

void
_lens_state_view_edit_node (LensStateView *self,
                            LensJsonNode  *node)
{
  g_autofree char *path = NULL;
  ValueEdit *edit;
  GtkWidget *dialog;

  if (self->inspector == NULL || !lens_json_node_get_editable (node))
    {
      lens_widget_toast (GTK_WIDGET (self), _("Values inside a Set can only be edited as JSON"));
      return;
    }

  path = lens_json_node_dup_path (node);
  edit = g_new0 (ValueEdit, 1);
  g_set_weak_pointer (&edit->self, self);
  edit->node = g_object_ref (node);
  edit->base = lens_json_node_get_value (node) ? json_node_ref (lens_json_node_get_value (node))
                                               : NULL;

  dialog = lens_value_dialog_new (_lens_state_view_get_window (self), path, edit->base);
  g_signal_connect_data (dialog, "response", G_CALLBACK (value_response_cb),
                         edit, value_edit_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
