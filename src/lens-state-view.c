/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-state-view.c: an actor's live state as a tree and as JSON, with safe editing
 *
 * The state arrives whole on every change ("state-updated"). The tree
 * diffs it in place and lights up what changed. Editing never overwrites
 * silently: the version the edit started from is kept, and if the server
 * moved on meanwhile, saving shows both versions and lets the user choose.
 * A single value edited from the tree is applied on top of the current
 * state, so changes elsewhere in the document are kept. Without the live
 * socket a save is plain JSON, which flattens BigInts, bytes, undefined and
 * Sets: the user is asked first.
 *
 * The JSON page's text is kept up to date in lens-state-view-text.c.
 */

#define G_LOG_DOMAIN "lens-state-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rk-compat.h"

#include "lens-compare-dialog.h"
#include "lens-json-tree.h"
#include "lens-state-view-private.h"
#include "lens-state-view.h"
#include "lens-util.h"

enum {
  PROP_0,
  PROP_ACTOR,
  PROP_INSPECTOR,
  PROP_EDITING,
  PROP_CONFLICTED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensStateView, lens_state_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

JsonNode *
_lens_state_view_current_state (LensStateView *self)
{
  return self->inspector ? rk_inspector_get_state (self->inspector) : NULL;
}

GtkWindow *
_lens_state_view_get_window (LensStateView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static GtkTextBuffer *
get_buffer (LensStateView *self)
{
  return _lens_state_view_get_buffer (self);
}

static void
update_page (LensStateView *self)
{
  const char *page;

  if (self->inspector == NULL)
    page = "asleep";
  else if (!rk_inspector_get_loaded (self->inspector))
    page = "loading";
  else if (!rk_inspector_get_is_state_enabled (self->inspector))
    page = "stateless";
  else
    page = "state";

  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
update_labels (LensStateView *self)
{
  g_autofree char *clock = NULL;
  g_autofree char *updated = NULL;

  if (self->editing)
    {
      gtk_label_set_text (self->live_label, _("Editing"));
      gtk_widget_add_css_class (GTK_WIDGET (self->live_label), "editing");
    }
  else
    {
      gtk_label_set_text (self->live_label, _("Live"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->live_label), "editing");
    }

  if (self->updated_at != 0)
    {
      clock = lens_format_clock (self->updated_at);
      /* Translators: time of the last state change, then how many were seen */
      updated = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated %s · %u change",
                                              "Updated %s · %u changes", self->n_updates),
                                 clock, self->n_updates);
    }
  gtk_label_set_text (self->updated_label, updated ? updated : "");
}

static gboolean
is_conflicted (LensStateView *self)
{
  JsonNode *state = _lens_state_view_current_state (self);

  return self->editing && self->edit_base != NULL && self->edit_base != state &&
         !rk_compat_equal (self->edit_base, state);
}

static void
update_editing (LensStateView *self)
{
  gboolean conflicted = is_conflicted (self);

  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), self->editing);
  gtk_widget_set_visible (self->edit_button, !self->editing);
  gtk_widget_set_visible (self->discard_button, self->editing);
  gtk_widget_set_visible (self->save_button, self->editing);
  gtk_revealer_set_reveal_child (self->conflict_revealer, conflicted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "state.compare", conflicted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "state.discard", self->editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "state.edit",
                                 self->inspector != NULL && !self->editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "state.edit-value",
                                 self->inspector != NULL && !self->saving);
  update_labels (self);
}

static void
validate (LensStateView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->editing)
    {
      gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
      text = gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);
      parsed = rk_compat_parse (text, -1, &error);
    }

  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "state.save",
                                 self->editing && !self->saving && parsed != NULL);
}

static void
set_editing (LensStateView *self,
             gboolean       editing)
{
  editing = !!editing;
  if (self->editing == editing)
    return;

  self->editing = editing;
  g_clear_pointer (&self->edit_base, json_node_unref);

  if (editing)
    {
      JsonNode *state = _lens_state_view_current_state (self);

      self->edit_base = state ? json_node_ref (state) : NULL;
      _lens_state_view_show_text (self);
      /* The user's text from now on */
      self->text_valid = FALSE;
      gtk_stack_set_visible_child_name (self->view_stack, "json");
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
    }
  else
    _lens_state_view_refresh_text (self);

  update_editing (self);
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTED]);
}

static void
state_updated_cb (LensStateView *self,
                  JsonNode      *state,
                  RkInspector   *inspector)
{
  self->n_updates++;
  self->updated_at = g_get_real_time ();

  lens_json_tree_set_value (self->tree, state);

  /* The editor keeps the user's text; only the banner says what happened. */
  _lens_state_view_refresh_text (self);

  update_page (self);
  update_editing (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTED]);
}

static void
inspector_loaded_cb (LensStateView *self)
{
  JsonNode *state = _lens_state_view_current_state (self);

  if (state != NULL && lens_json_tree_get_value (self->tree) == NULL)
    lens_json_tree_set_value (self->tree, state);
  _lens_state_view_refresh_text (self);
  update_page (self);
  update_editing (self);
}

/* Saving */

static void
patch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  LensStateView *self;

  if (!(reply = rk_inspector_request_finish (RK_INSPECTOR (object), result, &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_STATE_VIEW (user_data);
  self->saving = FALSE;

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Can’t save the state: %s"), error->message);
      lens_widget_toast (GTK_WIDGET (self), message);
      update_editing (self);
      validate (self);
      return;
    }

  lens_widget_toast (GTK_WIDGET (self), _("State saved"));
  set_editing (self, FALSE);
  update_editing (self);
}

static void
start_patch (LensStateView *self,
             JsonNode      *state)
{
  if (self->inspector == NULL || self->saving)
    return;

  self->saving = TRUE;
  update_editing (self);
  validate (self);
  rk_inspector_patch_state_async (self->inspector, state, self->cancellable, patch_cb, self);
}

/* A save that would flatten BigInts, bytes, undefined or Sets, waiting for
 * the user's answer */
typedef struct
{
  LensStateView *self;
  RkInspector *inspector;
  JsonNode *state;
} PatchLoss;

static void
patch_loss_free (gpointer  data,
                 GClosure *closure)
{
  PatchLoss *loss = data;

  g_clear_weak_pointer (&loss->self);
  g_clear_object (&loss->inspector);
  g_clear_pointer (&loss->state, json_node_unref);
  g_free (loss);
}

static void
patch_loss_cb (AdwMessageDialog *dialog,
               const char       *response,
               PatchLoss        *loss)
{
  /* Only into the actor it was meant for */
  if (loss->self != NULL && loss->self->inspector == loss->inspector &&
      g_strcmp0 (response, "save") == 0)
    start_patch (loss->self, loss->state);
}

/* Saves @state, asking first if the save would not keep every type */
void
_lens_state_view_patch (LensStateView *self,
                        JsonNode      *state)
{
  g_autofree char *sentence = NULL;
  g_autofree char *body = NULL;
  PatchLoss *loss;
  GtkWidget *dialog;

  if (self->inspector == NULL || self->saving)
    return;

  if (!(sentence = rk_inspector_describe_patch_loss (self->inspector, state)))
    {
      start_patch (self, state);
      return;
    }

  /* Translators: %s says, in English, which value would lose its type */
  body = g_strdup_printf (_("%s.\n\nTo keep the types, cancel and save again once the live "
                            "connection is back."), sentence);
  dialog = adw_message_dialog_new (_lens_state_view_get_window (self),
                                   _("Save as Plain JSON?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save as Plain JSON"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  loss = g_new0 (PatchLoss, 1);
  g_set_weak_pointer (&loss->self, self);
  loss->inspector = g_object_ref (self->inspector);
  loss->state = json_node_ref (state);
  g_signal_connect_data (dialog, "response", G_CALLBACK (patch_loss_cb), loss, patch_loss_free,
                         0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static JsonNode *
parse_editor (LensStateView *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
  text = gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);

  return rk_compat_parse (text, -1, NULL);
}

static void
document_conflict_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      LensStateView    *self)
{
  g_autoptr(JsonNode) mine = NULL;

  if (g_strcmp0 (response, "theirs") == 0)
    {
      /* Start over from the server's version. */
      set_editing (self, FALSE);
      set_editing (self, TRUE);
    }
  else if (g_strcmp0 (response, "mine") == 0 && (mine = parse_editor (self)))
    _lens_state_view_patch (self, mine);
}

static void
ask_document_conflict (LensStateView *self,
                       gboolean       saving)
{
  g_autoptr(JsonNode) mine = parse_editor (self);
  GtkWidget *dialog;

  if (mine == NULL)
    return;

  dialog = lens_compare_dialog_new (_lens_state_view_get_window (self),
                                    _("The State Changed While You Edited"),
                                    _("The actor’s state changed on the server after you began "
                                      "editing. Saving yours replaces the whole state, including "
                                      "those changes."),
                                    _lens_state_view_current_state (self), mine);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "theirs", _("_Use the Server’s"),
                                    "mine", saving ? _("_Save Mine") : _("_Overwrite With Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mine",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (document_conflict_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LensStateView *self = LENS_STATE_VIEW (widget);
  g_autoptr(JsonNode) mine = NULL;

  if (!self->editing || !(mine = parse_editor (self)))
    return;

  if (is_conflicted (self))
    {
      ask_document_conflict (self, TRUE);
      return;
    }

  _lens_state_view_patch (self, mine);
}

static void
lens_state_view_node_activated_cb (LensStateView *self,
                                   LensJsonNode  *node,
                                   LensJsonTree  *tree)
{
  _lens_state_view_edit_node (self, node);
}

static void
edit_value_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LensStateView *self = LENS_STATE_VIEW (widget);
  LensJsonNode *node = lens_json_tree_get_selected_node (self->tree);

  _lens_state_view_edit_node (self, node ? node : lens_json_tree_get_root (self->tree));
}

/* Other actions */

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  set_editing (LENS_STATE_VIEW (widget), TRUE);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_editing (LENS_STATE_VIEW (widget), FALSE);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LensStateView *self = LENS_STATE_VIEW (widget);

  if (is_conflicted (self))
    ask_document_conflict (self, FALSE);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LensStateView *self = LENS_STATE_VIEW (widget);
  JsonNode *state = _lens_state_view_current_state (self);
  g_autofree char *text = NULL;

  if (state == NULL)
    return;

  text = _lens_state_view_dup_json (self);
  lens_widget_copy (widget, text, _("State copied as JSON"));
}

static void
lens_state_view_page_changed_cb (LensStateView *self)
{
  _lens_state_view_refresh_text (self);
}

/* GObject */

static void
set_inspector (LensStateView *self,
               RkInspector   *inspector)
{
  if (!g_set_object (&self->inspector, inspector))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->saving = FALSE;
  self->n_updates = 0;
  self->updated_at = 0;
  set_editing (self, FALSE);

  /* Text being made of the last actor's state is of no use */
  _lens_state_view_stop_text (self);
  g_signal_group_set_target (self->inspector_signals, inspector);
  lens_json_tree_set_value (self->tree, NULL);
  inspector_loaded_cb (self);
  update_labels (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSPECTOR]);
}

static void
lens_state_view_dispose (GObject *object)
{
  LensStateView *self = (LensStateView *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->inspector_signals != NULL)
    g_signal_group_set_target (self->inspector_signals, NULL);
  _lens_state_view_dispose_text (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_STATE_VIEW);

  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->inspector_signals);
  g_clear_object (&self->inspector);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->edit_base, json_node_unref);

  G_OBJECT_CLASS (lens_state_view_parent_class)->dispose (object);
}

static void
lens_state_view_finalize (GObject *object)
{
  LensStateView *self = (LensStateView *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lens_state_view_parent_class)->finalize (object);
}

static void
lens_state_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LensStateView *self = LENS_STATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      g_value_set_object (value, self->actor);
      break;

    case PROP_INSPECTOR:
      g_value_set_object (value, self->inspector);
      break;

    case PROP_EDITING:
      g_value_set_boolean (value, self->editing);
      break;

    case PROP_CONFLICTED:
      g_value_set_boolean (value, is_conflicted (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_state_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LensStateView *self = LENS_STATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      if (g_set_object (&self->actor, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_INSPECTOR:
      set_inspector (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_state_view_class_init (LensStateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_state_view_dispose;
  object_class->finalize = lens_state_view_finalize;
  object_class->get_property = lens_state_view_get_property;
  object_class->set_property = lens_state_view_set_property;

  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, RK_TYPE_ACTOR, rw);
  properties[PROP_INSPECTOR] =
    g_param_spec_object ("inspector", NULL, NULL, RK_TYPE_INSPECTOR, rw);
  properties[PROP_EDITING] = g_param_spec_boolean ("editing", NULL, NULL, FALSE, ro);
  properties[PROP_CONFLICTED] = g_param_spec_boolean ("conflicted", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/actorlens/ActorLens/lens-state-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LensStateView, stack);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, live_label);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, updated_label);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, discard_button);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, save_button);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, conflict_revealer);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, tree);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, source_view);
  gtk_widget_class_bind_template_child (widget_class, LensStateView, error_label);
  gtk_widget_class_bind_template_callback (widget_class, lens_state_view_node_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_state_view_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "state.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "state.edit-value", NULL, edit_value_action);
  gtk_widget_class_install_action (widget_class, "state.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "state.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "state.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "state.copy", NULL, copy_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "state.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "state.save", NULL);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (LENS_TYPE_JSON_TREE);
}

static void
lens_state_view_init (LensStateView *self)
{
  self->cancellable = g_cancellable_new ();
  _lens_state_view_init_text (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  lens_source_buffer_init (GTK_SOURCE_BUFFER (get_buffer (self)));
  g_signal_connect_object (get_buffer (self), "changed", G_CALLBACK (validate), self,
                           G_CONNECT_SWAPPED);

  self->inspector_signals = g_signal_group_new (RK_TYPE_INSPECTOR);
  g_signal_group_connect_object (self->inspector_signals, "state-updated",
                                 G_CALLBACK (state_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_swapped (self->inspector_signals, "notify::loaded",
                                  G_CALLBACK (inspector_loaded_cb), self);
  g_signal_group_connect_swapped (self->inspector_signals, "notify::is-state-enabled",
                                  G_CALLBACK (update_page), self);

  update_page (self);
  update_editing (self);
  validate (self);
}

GtkWidget *
lens_state_view_new (void)
{
  return g_object_new (LENS_TYPE_STATE_VIEW, NULL);
}

gboolean
lens_state_view_get_editing (LensStateView *self)
{
  g_return_val_if_fail (LENS_IS_STATE_VIEW (self), FALSE);
  return self->editing;
}

/**
 * lens_state_view_get_conflicted:
 * @self: a #LensStateView
 *
 * Returns: whether the server's state moved on since editing began
 */
gboolean
lens_state_view_get_conflicted (LensStateView *self)
{
  g_return_val_if_fail (LENS_IS_STATE_VIEW (self), FALSE);
  return is_conflicted (self);
}

/**
 * lens_state_view_set_text:
 * @self: a #LensStateView
 * @text: JSON text for the editor
 *
 * Replaces the editor's text, as typing would (for tests and scripting).
 */
void
lens_state_view_set_text (LensStateView *self,
                          const char    *text)
{
  g_return_if_fail (LENS_IS_STATE_VIEW (self));
  g_return_if_fail (text != NULL);

  _lens_state_view_stop_text (self);
  self->text_valid = FALSE;
  gtk_text_buffer_set_text (get_buffer (self), text, -1);
}

/**
 * lens_state_view_dup_text:
 * @self: a #LensStateView
 *
 * Returns: (transfer full): the editor's text
 */
char *
lens_state_view_dup_text (LensStateView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (LENS_IS_STATE_VIEW (self), NULL);

  gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);
}
