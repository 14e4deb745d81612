/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-queue-view.c: an actor's message queue, and a form to send to it
 *
 * The list is read from the inspector (`GET /inspector/queue`) and read
 * again whenever the inspector says the queue changed. The view only
 * has a queue to show (:has-queue) when the inspector counts messages in
 * it, or after the user sent one from here.
 */

#define G_LOG_DOMAIN "lens-queue-view"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-inspector.h"

#include "lens-queue-view.h"
#include "lens-util.h"

#define QUEUE_LIMIT 100

struct _LensQueueView
{
  GtkWidget parent_instance;

  /* Owned references */
  RkClient *client;
  RkActor *actor;
  RkInspector *inspector;
  GSignalGroup *inspector_signals;
  GCancellable *cancellable;
  GCancellable *refresh_cancellable;

  /* Template widgets */
  GtkLabel *size_label;
  GtkLabel *truncated_label;
  GtkListBox *message_list;
  AdwEntryRow *queue_entry;
  GtkSourceView *body_view;

  /* State */
  guint sent : 1;
  guint sending : 1;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACTOR,
  PROP_INSPECTOR,
  PROP_HAS_QUEUE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensQueueView, lens_queue_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
update_actions (LensQueueView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.send",
                                 self->client != NULL && self->actor != NULL && !self->sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.refresh", self->inspector != NULL);
}

/* An integer member: a JSON number, or a JSON-compat BigInt. */
static gboolean
get_int_member (JsonObject *object,
                const char *name,
                gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);
  RkValueKind kind;

  if (node == NULL)
    return FALSE;

  kind = rk_compat_get_kind (node);
  if (kind == RK_VALUE_KIND_INTEGER)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (kind == RK_VALUE_KIND_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* Out of range (or NaN): converting would be undefined. */
      if (!(value > -9.2e18 && value < 9.2e18))
        return FALSE;
      *out = (gint64)value;
      return TRUE;
    }
  if (kind == RK_VALUE_KIND_BIGINT)
    {
      const char *digits = rk_compat_get_bigint (node);

      return digits != NULL && g_ascii_string_to_signed (digits, 10, G_MININT64, G_MAXINT64,
                                                         out, NULL);
    }

  return FALSE;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
clear_messages (LensQueueView *self)
{
  GtkListBoxRow *row;

  /* Rows only: the placeholder is a child of the list too. */
  while ((row = gtk_list_box_get_row_at_index (self->message_list, 0)) != NULL)
    gtk_list_box_remove (self->message_list, GTK_WIDGET (row));
}

static GtkWidget *
create_message_row (JsonObject *message)
{
  JsonNode *id_node = json_object_get_member (message, "id");
  const char *name = get_string_member (message, "name");
  g_autofree char *id = id_node ? rk_compat_describe (id_node, 40) : g_strdup ("?");
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  gint64 created = 0;
  GtkWidget *row = adw_action_row_new ();

  if (get_int_member (message, "createdAtMs", &created) && created > 0)
    when = lens_format_timestamp (created);

  /* Translators: a queued message: %s are its ID and the time it was sent */
  subtitle = when ? g_strdup_printf (_("#%s · %s"), id, when) : g_strdup_printf ("#%s", id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : _("(unnamed)"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
show_queue (LensQueueView *self,
            JsonNode      *reply)
{
  JsonObject *object;
  JsonNode *messages;
  g_autofree char *size_text = NULL;
  gint64 size = 0;
  gint64 max_size = 0;
  gboolean truncated = FALSE;
  JsonNode *node;

  clear_messages (self);

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      gtk_label_set_label (self->size_label, _("Unreadable reply"));
      return;
    }

  object = json_node_get_object (reply);
  get_int_member (object, "size", &size);
  node = json_object_get_member (object, "truncated");
  truncated = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
              json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);

  if (get_int_member (object, "maxSize", &max_size) && max_size > 0)
    {
      g_autofree char *queued = g_strdup_printf ("%" G_GINT64_FORMAT, size);
      g_autofree char *most = g_strdup_printf ("%" G_GINT64_FORMAT, max_size);

      /* Translators: queue size: messages queued of the most it holds */
      size_text = g_strdup_printf (_("%s of %s"), queued, most);
    }
  else
    size_text = g_strdup_printf ("%" G_GINT64_FORMAT, size);
  gtk_label_set_label (self->size_label, size_text);
  gtk_widget_set_visible (GTK_WIDGET (self->truncated_label), truncated);

  messages = json_object_get_member (object, "messages");
  if (messages != NULL && JSON_NODE_HOLDS_ARRAY (messages))
    {
      JsonArray *array = json_node_get_array (messages);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            gtk_list_box_append (self->message_list,
                                 create_message_row (json_node_get_object (element)));
        }
    }
}

static void
get_queue_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  LensQueueView *self;

  reply = rk_inspector_request_finish (RK_INSPECTOR (object), result, &error);
  if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_QUEUE_VIEW (user_data);
  if (reply == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Can’t read the queue: %s"), error->message);

      clear_messages (self);
      gtk_label_set_label (self->size_label, text);
      return;
    }

  show_queue (self, reply);
}

static void
refresh (LensQueueView *self)
{
  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);

  if (self->message_list == NULL)  /* disposed */
    return;

  if (self->inspector == NULL)
    {
      clear_messages (self);
      gtk_label_set_label (self->size_label, "—");
      gtk_widget_set_visible (GTK_WIDGET (self->truncated_label), FALSE);
      return;
    }

  self->refresh_cancellable = g_cancellable_new ();
  rk_inspector_get_queue_async (self->inspector, QUEUE_LIMIT, self->refresh_cancellable,
                                get_queue_cb, self);
}

static void
queue_updated_cb (LensQueueView *self,
                  guint64        size,
                  RkInspector   *inspector)
{
  refresh (self);
}

static void
queue_size_cb (LensQueueView *self,
               GParamSpec    *pspec,
               RkInspector   *inspector)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_QUEUE]);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (LENS_QUEUE_VIEW (widget));
}

static void
queue_send_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  LensQueueView *self;

  reply = rk_client_queue_send_finish (RK_CLIENT (object), result, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_QUEUE_VIEW (user_data);
  self->sending = FALSE;
  update_actions (self);

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Can’t send the message: %s"), error->message);

      lens_widget_toast (GTK_WIDGET (self), text);
      return;
    }

  lens_widget_toast (GTK_WIDGET (self), _("Message sent"));
  if (!self->sent)
    {
      self->sent = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_QUEUE]);
    }
  refresh (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LensQueueView *self = LENS_QUEUE_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->client == NULL || self->actor == NULL || self->sending)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->queue_entry))));
  if (name[0] == '\0')
    {
      lens_widget_toast (widget, _("Type the name of a queue"));
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (text[0] != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) plain = rk_compat_parse_plain (text, -1, &error);

      if (plain == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The body is not JSON: %s"),
                                                      error->message);

          lens_widget_toast (widget, message);
          return;
        }
      body = rk_compat_from_plain (plain);
    }

  self->sending = TRUE;
  update_actions (self);
  rk_client_queue_send_async (self->client, rk_actor_get_id (self->actor), name, body, FALSE, 0,
                              self->cancellable, queue_send_cb, self);
}

static void
reset (LensQueueView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->sending = FALSE;
  if (self->sent)
    {
      self->sent = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_QUEUE]);
    }
  update_actions (self);
}

/* GObject */

static void
lens_queue_view_dispose (GObject *object)
{
  LensQueueView *self = (LensQueueView *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->refresh_cancellable);
  if (self->inspector_signals != NULL)
    g_signal_group_set_target (self->inspector_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_QUEUE_VIEW);
  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->inspector_signals);
  g_clear_object (&self->inspector);
  g_clear_object (&self->actor);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (lens_queue_view_parent_class)->dispose (object);
}

static void
lens_queue_view_finalize (GObject *object)
{
  LensQueueView *self = (LensQueueView *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->refresh_cancellable);

  G_OBJECT_CLASS (lens_queue_view_parent_class)->finalize (object);
}

static void
lens_queue_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LensQueueView *self = LENS_QUEUE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACTOR:
      g_value_set_object (value, self->actor);
      break;

    case PROP_INSPECTOR:
      g_value_set_object (value, self->inspector);
      break;

    case PROP_HAS_QUEUE:
      g_value_set_boolean (value, lens_queue_view_get_has_queue (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_queue_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LensQueueView *self = LENS_QUEUE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      if (g_set_object (&self->client, g_value_get_object (value)))
        {
          reset (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ACTOR:
      if (g_set_object (&self->actor, g_value_get_object (value)))
        {
          reset (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_INSPECTOR:
      if (g_set_object (&self->inspector, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->inspector_signals, self->inspector);
          refresh (self);
          update_actions (self);
          g_object_notify_by_pspec (object, pspec);
          g_object_notify_by_pspec (object, properties[PROP_HAS_QUEUE]);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_queue_view_class_init (LensQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_queue_view_dispose;
  object_class->finalize = lens_queue_view_finalize;
  object_class->get_property = lens_queue_view_get_property;
  object_class->set_property = lens_queue_view_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT, rw);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, RK_TYPE_ACTOR, rw);
  properties[PROP_INSPECTOR] =
    g_param_spec_object ("inspector", NULL, NULL, RK_TYPE_INSPECTOR, rw);
  properties[PROP_HAS_QUEUE] =
    g_param_spec_boolean ("has-queue", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/actorlens/ActorLens/lens-queue-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LensQueueView, size_label);
  gtk_widget_class_bind_template_child (widget_class, LensQueueView, truncated_label);
  gtk_widget_class_bind_template_child (widget_class, LensQueueView, message_list);
  gtk_widget_class_bind_template_child (widget_class, LensQueueView, queue_entry);
  gtk_widget_class_bind_template_child (widget_class, LensQueueView, body_view);

  gtk_widget_class_install_action (widget_class, "queue.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "queue.refresh", NULL, refresh_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lens_queue_view_init (LensQueueView *self)
{
  self->cancellable = g_cancellable_new ();
  self->inspector_signals = g_signal_group_new (RK_TYPE_INSPECTOR);
  g_signal_group_connect_object (self->inspector_signals, "queue-updated",
                                 G_CALLBACK (queue_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->inspector_signals, "notify::queue-size",
                                 G_CALLBACK (queue_size_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_init_template (GTK_WIDGET (self));

  lens_source_buffer_init (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (
                                                GTK_TEXT_VIEW (self->body_view))));
  refresh (self);
  update_actions (self);
}

/**
 * lens_queue_view_new:
 *
 * Returns: (transfer full): a new #LensQueueView
 */
GtkWidget *
lens_queue_view_new (void)
{
  return g_object_new (LENS_TYPE_QUEUE_VIEW, NULL);
}

/**
 * lens_queue_view_get_has_queue:
 * @self: a #LensQueueView
 *
 * Returns: whether the actor has queued messages, or the user sent it one
 */
gboolean
lens_queue_view_get_has_queue (LensQueueView *self)
{
  g_return_val_if_fail (LENS_IS_QUEUE_VIEW (self), FALSE);

  return self->sent ||
         (self->inspector != NULL && rk_inspector_get_queue_size (self->inspector) > 0);
}
