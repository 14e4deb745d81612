/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-create-actor-dialog.c: create an actor, or get the one with a key */

#define G_LOG_DOMAIN "lens-create-actor-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-actor.h"
#include "rk-compat.h"
#include "rk-error.h"

#include "lens-create-actor-dialog.h"
#include "lens-snippet.h"
#include "lens-type-node.h"
#include "lens-util.h"

struct _LensCreateActorDialog
{
  AdwWindow parent_instance;

  /* Owned references */
  RkClient *client;
  GCancellable *cancellable;

  /* Template widgets */
  AdwComboRow *type_row;
  GtkSwitch *reuse_switch;
  GtkListBox *key_list;
  GtkSourceView *input_view;
  GtkLabel *input_error;
  GtkLabel *snippet_label;
  GtkLabel *error_label;
  GtkButton *create_button;
  GtkSpinner *spinner;

  /* State */
  guint busy : 1;
  guint input_valid : 1;
};

enum {
  ACTOR_CREATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (LensCreateActorDialog, lens_create_actor_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static const char *
get_type_name (LensCreateActorDialog *self)
{
  gpointer item = adw_combo_row_get_selected_item (self->type_row);

  return item ? lens_type_node_get_name (LENS_TYPE_NODE (item)) : NULL;
}

/* The input in JSON-compat form: NULL for none, or with @error set if invalid. */
static JsonNode *
dup_input (LensCreateActorDialog  *self,
           GError                **error)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input_view));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  if (text[0] == '\0')
    return NULL;

  return rk_compat_parse (text, -1, error);
}

static void
update (LensCreateActorDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) input = dup_input (self, &error);
  g_auto(GStrv) key = lens_create_actor_dialog_dup_key (self);
  g_autofree char *snippet = NULL;
  const char *name = get_type_name (self);

  self->input_valid = error == NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->input_error), error != NULL);
  if (error != NULL)
    gtk_label_set_text (self->input_error, error->message);

  snippet = lens_snippet_create (name ? name : "actor", (const char * const *)key, input,
                                 gtk_switch_get_active (self->reuse_switch));
  gtk_label_set_text (self->snippet_label, snippet);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create-dialog.create",
                                 !self->busy && self->input_valid && name != NULL);
}

static void
lens_create_actor_dialog_changed_cb (LensCreateActorDialog *self)
{
  update (self);
}

static void
renumber_parts (LensCreateActorDialog *self)
{
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->key_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *title = NULL;

      if (!ADW_IS_ENTRY_ROW (child))
        continue;

      /* Translators: a key part's row title, numbered from 1 */
      title = g_strdup_printf (_("Part %u"), ++i);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), title);
    }
}

static void
remove_part_cb (GtkButton *button,
                GtkWidget *row)
{
  LensCreateActorDialog *self;

  self = LENS_CREATE_ACTOR_DIALOG (gtk_widget_get_ancestor (row, LENS_TYPE_CREATE_ACTOR_DIALOG));
  gtk_list_box_remove (self->key_list, row);
  renumber_parts (self);
  update (self);
}

static GtkWidget *
add_part (LensCreateActorDialog *self,
          const char            *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove This Part"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove this key part"),
                                  -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_part_cb), row, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_connect_object (row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  gtk_list_box_append (self->key_list, row);
  renumber_parts (self);

  return row;
}

static void
add_key_part_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LensCreateActorDialog *self = LENS_CREATE_ACTOR_DIALOG (widget);

  gtk_widget_grab_focus (add_part (self, ""));
  update (self);
}

static void
copy_snippet_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LensCreateActorDialog *self = LENS_CREATE_ACTOR_DIALOG (widget);
  g_autofree char *snippet = lens_create_actor_dialog_dup_snippet (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), snippet);
}

static void
set_busy (LensCreateActorDialog *self,
          gboolean               busy)
{
  self->busy = !!busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  update (self);
}

static void
show_error (LensCreateActorDialog *self,
            const GError          *error)
{
  g_autofree char *message = NULL;

  if (rk_error_matches (error, "actor", "duplicate_key"))
    message = g_strdup_printf ("%s\n%s", error->message,
                               _("Turn on “Reuse an Existing Actor” to open it instead."));
  else
    message = g_strdup (error->message);

  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
done (LensCreateActorDialog *self,
      RkActor               *actor,
      gboolean               created,
      GError                *error)
{
  set_busy (self, FALSE);

  if (actor == NULL)
    {
      show_error (self, error);
      return;
    }

  g_signal_emit (self, signals[ACTOR_CREATED], 0, actor, created);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) actor = NULL;

  if (!(actor = rk_client_create_actor_finish (RK_CLIENT (object), result, &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  done (LENS_CREATE_ACTOR_DIALOG (user_data), actor, TRUE, error);
}

static void
get_or_create_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) actor = NULL;
  gboolean created = FALSE;

  if (!(actor = rk_client_get_or_create_actor_finish (RK_CLIENT (object), result, &created,
                                                      &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  done (LENS_CREATE_ACTOR_DIALOG (user_data), actor, created, error);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LensCreateActorDialog *self = LENS_CREATE_ACTOR_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) input = dup_input (self, &error);
  g_auto(GStrv) key = lens_create_actor_dialog_dup_key (self);
  const char *name = get_type_name (self);

  if (error != NULL || name == NULL || self->busy)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  if (gtk_switch_get_active (self->reuse_switch))
    rk_client_get_or_create_actor_async (self->client, name, (const char * const *)key, input,
                                         self->cancellable, get_or_create_cb, self);
  else
    rk_client_create_actor_async (self->client, name, (const char * const *)key, input,
                                  self->cancellable, create_cb, self);
}

static void
lens_create_actor_dialog_dispose (GObject *object)
{
  LensCreateActorDialog *self = (LensCreateActorDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_CREATE_ACTOR_DIALOG);

  G_OBJECT_CLASS (lens_create_actor_dialog_parent_class)->dispose (object);
}

static void
lens_create_actor_dialog_finalize (GObject *object)
{
  LensCreateActorDialog *self = (LensCreateActorDialog *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lens_create_actor_dialog_parent_class)->finalize (object);
}

static void
lens_create_actor_dialog_class_init (LensCreateActorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_create_actor_dialog_dispose;
  object_class->finalize = lens_create_actor_dialog_finalize;

  /**
   * LensCreateActorDialog::actor-created:
   * @self: the dialog
   * @actor: the actor
   * @created: %FALSE if an existing actor with the key was returned
   */
  signals[ACTOR_CREATED] =
    g_signal_new ("actor-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, RK_TYPE_ACTOR, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-create-actor-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, reuse_switch);
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, key_list);
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, input_view);
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, input_error);
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, snippet_label);
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, LensCreateActorDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, lens_create_actor_dialog_changed_cb);

  gtk_widget_class_install_action (widget_class, "create-dialog.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "create-dialog.add-key-part", NULL,
                                   add_key_part_action);
  gtk_widget_class_install_action (widget_class, "create-dialog.copy-snippet", NULL,
                                   copy_snippet_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "create-dialog.create", NULL);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
}

static void
lens_create_actor_dialog_init (LensCreateActorDialog *self)
{
  GtkTextBuffer *buffer;

  self->cancellable = g_cancellable_new ();
  self->input_valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input_view));
  lens_source_buffer_init (GTK_SOURCE_BUFFER (buffer));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  adw_combo_row_set_expression (self->type_row,
                                gtk_property_expression_new (LENS_TYPE_TYPE_NODE, NULL, "name"));
}

/**
 * lens_create_actor_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @client: the endpoint
 * @types: a #GListModel of #LensTypeNode
 * @type_name: (nullable): the type to preselect
 *
 * Returns: (transfer none): a new dialog
 */
GtkWidget *
lens_create_actor_dialog_new (GtkWindow  *parent,
                              RkClient   *client,
                              GListModel *types,
                              const char *type_name)
{
  LensCreateActorDialog *self;
  g_autofree char *key = NULL;
  guint n;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RK_IS_CLIENT (client), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (types), NULL);

  self = g_object_new (LENS_TYPE_CREATE_ACTOR_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);
  adw_combo_row_set_model (self->type_row, types);

  n = g_list_model_get_n_items (types);
  for (guint i = 0; type_name != NULL && i < n; i++)
    {
      g_autoptr(LensTypeNode) node = g_list_model_get_item (types, i);

      if (g_strcmp0 (lens_type_node_get_name (node), type_name) == 0)
        adw_combo_row_set_selected (self->type_row, i);
    }

  /* Like the web inspector, start from a fresh random key. */
  key = g_strdup_printf ("actor-%06x", g_random_int_range (0, 0xffffff));
  add_part (self, key);
  update (self);

  return GTK_WIDGET (self);
}

/**
 * lens_create_actor_dialog_set_key:
 * @self: a #LensCreateActorDialog
 * @key: the key parts
 */
void
lens_create_actor_dialog_set_key (LensCreateActorDialog *self,
                                  const char * const    *key)
{
  GtkWidget *child;

  g_return_if_fail (LENS_IS_CREATE_ACTOR_DIALOG (self));
  g_return_if_fail (key != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->key_list))))
    gtk_list_box_remove (self->key_list, child);

  for (guint i = 0; key[i] != NULL; i++)
    add_part (self, key[i]);

  update (self);
}

/**
 * lens_create_actor_dialog_dup_key:
 * @self: a #LensCreateActorDialog
 *
 * Returns: (transfer full): the key parts as entered
 */
char **
lens_create_actor_dialog_dup_key (LensCreateActorDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (LENS_IS_CREATE_ACTOR_DIALOG (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->key_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ENTRY_ROW (child))
        g_strv_builder_add (builder, gtk_editable_get_text (GTK_EDITABLE (child)));
    }

  return g_strv_builder_end (builder);
}

/**
 * lens_create_actor_dialog_set_input:
 * @self: a #LensCreateActorDialog
 * @json: the input as JSON text
 */
void
lens_create_actor_dialog_set_input (LensCreateActorDialog *self,
                                    const char            *json)
{
  g_return_if_fail (LENS_IS_CREATE_ACTOR_DIALOG (self));
  g_return_if_fail (json != NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input_view)), json, -1);
}

/**
 * lens_create_actor_dialog_dup_snippet:
 * @self: a #LensCreateActorDialog
 *
 * Returns: (transfer full): the TypeScript that does the same
 */
char *
lens_create_actor_dialog_dup_snippet (LensCreateActorDialog *self)
{
  g_return_val_if_fail (LENS_IS_CREATE_ACTOR_DIALOG (self), NULL);

  return g_strdup (gtk_label_get_text (self->snippet_label));
}
