/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-raw-view.c: an actor's raw onRequest and onWebSocket handlers
 *
 * The HTTP side builds one request (method, path, headers, body) and
 * shows the response, pretty-printing a JSON body. The WebSocket side
 * opens one socket to the actor's onWebSocket, logs every frame and sends
 * text, or binary typed as hex. Changing the actor, or closing the view,
 * cancels the request and closes the socket.
 */

#define G_LOG_DOMAIN "lens-raw-view"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"

#include "lens-raw-view.h"
#include "lens-util.h"

/* Frames kept in the log, and bytes shown of a binary frame */
#define MAX_FRAMES 500
#define HEX_PREVIEW_BYTES 48

struct _LensRawView
{
  GtkWidget parent_instance;

  /* Owned references */
  RkClient *client;
  RkActor *actor;
  GCancellable *cancellable;
  SoupWebsocketConnection *socket;

  /* Template widgets */
  GtkDropDown *method_dropdown;
  GtkEntry *path_entry;
  GtkTextView *headers_view;
  GtkSourceView *body_view;
  GtkStack *response_stack;
  GtkLabel *status_label;
  GtkLabel *time_label;
  GtkLabel *error_label;
  GtkTextView *response_headers_view;
  GtkSourceView *response_body_view;
  GtkEntry *ws_path_entry;
  GtkButton *connect_button;
  GtkLabel *ws_status_label;
  GtkListBox *frame_list;
  GtkEntry *send_entry;
  GtkCheckButton *hex_check;

  /* State */
  guint n_frames;
  guint sending : 1;
  guint connecting : 1;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACTOR,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensRawView, lens_raw_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static const char *methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

static void
update_actions (LensRawView *self)
{
  gboolean ready = self->client != NULL && self->actor != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.send", ready && !self->sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.connect",
                                 ready && !self->connecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.send-frame", self->socket != NULL);
  gtk_button_set_label (self->connect_button,
                        self->socket != NULL ? _("_Disconnect") : _("_Connect"));

  if (self->connecting)
    gtk_label_set_label (self->ws_status_label, _("Connecting…"));
  else if (self->socket != NULL)
    gtk_label_set_label (self->ws_status_label, _("Connected"));
  else
    gtk_label_set_label (self->ws_status_label, _("Not connected"));
}

static char *
hex_preview (const guint8 *data,
             gsize         size)
{
  GString *text = g_string_new (NULL);
  gsize shown = MIN (size, HEX_PREVIEW_BYTES);

  for (gsize i = 0; i < shown; i++)
    g_string_append_printf (text, i == 0 ? "%02x" : " %02x", data[i]);
  if (shown < size)
    g_string_append (text, " …");

  return g_string_free (text, FALSE);
}

/* "de ad be ef", "deadbeef" or "0xde 0xad": NULL if not hex */
static GBytes *
parse_hex (const char *text)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  const char *p = text;

  while (*p != '\0')
    {
      int high, low;
      guint8 byte;

      if (g_ascii_isspace (*p) || *p == ',')
        {
          p++;
          continue;
        }
      if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        p += 2;

      high = g_ascii_xdigit_value (p[0]);
      low = high >= 0 ? g_ascii_xdigit_value (p[1]) : -1;
      if (high < 0 || low < 0)
        return NULL;

      byte = (guint8)(high * 16 + low);
      g_byte_array_append (bytes, &byte, 1);
      p += 2;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* HTTP request */

static char *
dup_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_buffer_text (GtkTextView *view,
                 const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

/* One "Name: value" a line; blank lines are skipped. */
static SoupMessageHeaders *
parse_headers (const char  *text,
               GError     **error)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      const char *colon;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;

      colon = strchr (lines[i], ':');
      if (colon == NULL || colon == lines[i])
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Header line %u is not “Name: value”"), i + 1);
          return NULL;
        }

      name = g_strndup (lines[i], colon - lines[i]);
      g_strstrip (name);
      soup_message_headers_append (headers, name, g_strstrip ((char *)colon + 1));
    }

  return g_steal_pointer (&headers);
}

static void
show_response (LensRawView   *self,
               RkRawResponse *response)
{
  GtkSourceBuffer *buffer =
    GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response_body_view)));
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  SoupMessageHeaders *headers = rk_raw_response_get_headers (response);
  GBytes *body = rk_raw_response_get_body (response);
  g_autoptr(GString) header_text = g_string_new (NULL);
  g_autofree char *status = NULL;
  g_autofree char *elapsed = NULL;
  g_autofree char *body_text = NULL;
  gboolean json = FALSE;

  status = g_strdup_printf ("%u %s", rk_raw_response_get_status (response),
                            rk_raw_response_get_reason (response) ?
                            rk_raw_response_get_reason (response) : "");
  gtk_label_set_label (self->status_label, g_strstrip (status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            rk_raw_response_get_status (response) < 400 ? "success" : "error");

  elapsed = lens_format_latency (rk_raw_response_get_elapsed_us (response));
  gtk_label_set_label (self->time_label, elapsed);

  if (headers != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name, *value;

      soup_message_headers_iter_init (&iter, headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        g_string_append_printf (header_text, "%s: %s\n", name, value);
    }
  set_buffer_text (self->response_headers_view, header_text->str);

  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      gsize size;
      const char *data = g_bytes_get_data (body, &size);

      if (g_utf8_validate_len (data, size, NULL))
        {
          g_autoptr(JsonNode) node = rk_compat_parse_plain (data, size, NULL);

          if (node != NULL)
            {
              body_text = rk_compat_to_string (node, TRUE);
              json = TRUE;
            }
          else
            body_text = g_strndup (data, size);
        }
      else
        {
          g_autofree char *hex = hex_preview ((const guint8 *)data, size);

          /* Translators: %s is a hex dump, %zu a size */
          body_text = g_strdup_printf (_("Binary body, %zu bytes: %s"), (size_t)size, hex);
        }
    }

  gtk_source_buffer_set_language (buffer, json ?
                                  gtk_source_language_manager_get_language (languages, "json") :
                                  NULL);
  set_buffer_text (GTK_TEXT_VIEW (self->response_body_view), body_text);
  gtk_stack_set_visible_child_name (self->response_stack, "response");
}

static void
raw_request_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkRawResponse) response = NULL;
  LensRawView *self;

  response = rk_client_raw_request_finish (RK_CLIENT (object), result, &error);
  if (response == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_RAW_VIEW (user_data);
  self->sending = FALSE;
  update_actions (self);

  if (response == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_stack_set_visible_child_name (self->response_stack, "error");
      return;
    }

  show_response (self, response);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LensRawView *self = LENS_RAW_VIEW (widget);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *header_text = NULL;
  g_autofree char *body_text = NULL;
  const char *path;
  gsize body_len;
  guint method;

  if (self->client == NULL || self->actor == NULL || self->sending)
    return;

  method = gtk_drop_down_get_selected (self->method_dropdown);
  if (method >= G_N_ELEMENTS (methods))
    method = 0;

  header_text = dup_buffer_text (self->headers_view);
  if (!(headers = parse_headers (header_text, &error)))
    {
      lens_widget_toast (widget, error->message);
      return;
    }

  body_text = dup_buffer_text (GTK_TEXT_VIEW (self->body_view));
  body_len = strlen (body_text);
  if (body_len > 0)
    body = g_bytes_new_take (g_steal_pointer (&body_text), body_len);

  path = gtk_editable_get_text (GTK_EDITABLE (self->path_entry));
  if (path[0] == '\0')
    path = "/";

  self->sending = TRUE;
  update_actions (self);
  gtk_stack_set_visible_child_name (self->response_stack, "loading");
  rk_client_raw_request_async (self->client, rk_actor_get_id (self->actor), methods[method], path,
                               headers, body, NULL, self->cancellable, raw_request_cb, self);
}

/* WebSocket */

static void
log_frame (LensRawView *self,
           gboolean     outgoing,
           const char  *text)
{
  g_autofree char *time = lens_format_clock (g_get_real_time ());
  g_autofree char *line = NULL;
  GtkWidget *label;

  line = g_strdup_printf ("%s  %s  %s", outgoing ? "→" : "←", time, text);
  label = gtk_label_new (line);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  if (!outgoing)
    gtk_widget_add_css_class (label, "accent");
  gtk_list_box_append (self->frame_list, label);

  self->n_frames++;
  while (self->n_frames > MAX_FRAMES)
    {
      gtk_list_box_remove (self->frame_list,
                           GTK_WIDGET (gtk_list_box_get_row_at_index (self->frame_list, 0)));
      self->n_frames--;
    }
}

static void
log_note (LensRawView *self,
          const char  *text)
{
  g_autofree char *time = lens_format_clock (g_get_real_time ());
  g_autofree char *line = g_strdup_printf ("·  %s  %s", time, text);
  GtkWidget *label = gtk_label_new (line);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_append (self->frame_list, label);
  self->n_frames++;
}

static void
socket_message_cb (LensRawView             *self,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   SoupWebsocketConnection *socket)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (message, &size);
  g_autofree char *text = NULL;

  if (type == SOUP_WEBSOCKET_DATA_TEXT && g_utf8_validate_len ((const char *)data, size, NULL))
    text = g_strndup ((const char *)data, size);
  else
    {
      g_autofree char *hex = hex_preview (data, size);

      /* Translators: a binary frame: %zu is its size, %s a hex dump */
      text = g_strdup_printf (_("binary, %zu bytes: %s"), (size_t)size, hex);
    }

  log_frame (self, FALSE, text);
}

static void
close_socket (LensRawView *self)
{
  if (self->socket == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->socket, self);
  if (soup_websocket_connection_get_state (self->socket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->socket);
}

static void
socket_closed_cb (LensRawView             *self,
                  SoupWebsocketConnection *socket)
{
  g_autofree char *note = NULL;
  gushort code = soup_websocket_connection_get_close_code (socket);

  /* Translators: %u is a WebSocket close code */
  note = g_strdup_printf (_("Closed (code %u)"), code);
  log_note (self, note);
  close_socket (self);
  update_actions (self);
}

static void
socket_error_cb (LensRawView             *self,
                 GError                  *error,
                 SoupWebsocketConnection *socket)
{
  log_note (self, error->message);
}

static void
raw_websocket_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) socket = NULL;
  LensRawView *self;

  socket = rk_client_raw_websocket_finish (RK_CLIENT (object), result, &error);
  if (socket == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_RAW_VIEW (user_data);
  self->connecting = FALSE;

  if (socket == NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Can’t connect: %s"), error->message);

      log_note (self, note);
      update_actions (self);
      return;
    }

  self->socket = g_steal_pointer (&socket);
  g_signal_connect_object (self->socket, "message", G_CALLBACK (socket_message_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->socket, "closed", G_CALLBACK (socket_closed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->socket, "error", G_CALLBACK (socket_error_cb), self,
                           G_CONNECT_SWAPPED);
  log_note (self, _("Connected"));
  update_actions (self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LensRawView *self = LENS_RAW_VIEW (widget);
  const char *path;

  if (self->socket != NULL)
    {
      close_socket (self);
      log_note (self, _("Disconnected"));
      update_actions (self);
      return;
    }

  if (self->client == NULL || self->actor == NULL || self->connecting)
    return;

  path = gtk_editable_get_text (GTK_EDITABLE (self->ws_path_entry));
  if (path[0] == '\0')
    path = "/";

  self->connecting = TRUE;
  update_actions (self);
  rk_client_raw_websocket_async (self->client, rk_actor_get_id (self->actor), path, NULL, NULL,
                                 self->cancellable, raw_websocket_cb, self);
}

static void
send_frame_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LensRawView *self = LENS_RAW_VIEW (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->send_entry));

  if (self->socket == NULL ||
      soup_websocket_connection_get_state (self->socket) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  if (gtk_check_button_get_active (self->hex_check))
    {
      g_autoptr(GBytes) bytes = parse_hex (text);
      g_autofree char *hex = NULL;
      g_autofree char *line = NULL;
      gsize size;
      const guint8 *data;

      if (bytes == NULL)
        {
          lens_widget_toast (widget, _("Not hex: type bytes like “de ad be ef”"));
          return;
        }

      data = g_bytes_get_data (bytes, &size);
      hex = hex_preview (data, size);
      line = g_strdup_printf (_("binary, %zu bytes: %s"), (size_t)size, hex);
      soup_websocket_connection_send_binary (self->socket, data, size);
      log_frame (self, TRUE, line);
    }
  else
    {
      soup_websocket_connection_send_text (self->socket, text);
      log_frame (self, TRUE, text);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->send_entry), "");
}

static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LensRawView *self = LENS_RAW_VIEW (widget);
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->frame_list, 0)) != NULL)
    gtk_list_box_remove (self->frame_list, GTK_WIDGET (row));
  self->n_frames = 0;
}

static void
lens_raw_view_path_activate_cb (LensRawView *self,
                                GtkEntry    *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "raw.send", NULL);
}

static void
lens_raw_view_send_entry_activate_cb (LensRawView *self,
                                      GtkEntry    *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "raw.send-frame", NULL);
}

/* Everything under way belongs to the previous actor or server. */
static void
reset (LensRawView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  close_socket (self);
  self->sending = FALSE;
  self->connecting = FALSE;
  if (self->response_stack == NULL)  /* disposed */
    return;
  gtk_stack_set_visible_child_name (self->response_stack, "empty");
  clear_log_action (GTK_WIDGET (self), NULL, NULL);
  update_actions (self);
}

/* GObject */

static void
lens_raw_view_dispose (GObject *object)
{
  LensRawView *self = (LensRawView *)object;

  g_cancellable_cancel (self->cancellable);
  close_socket (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_RAW_VIEW);
  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->actor);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (lens_raw_view_parent_class)->dispose (object);
}

static void
lens_raw_view_finalize (GObject *object)
{
  LensRawView *self = (LensRawView *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lens_raw_view_parent_class)->finalize (object);
}

static void
lens_raw_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LensRawView *self = LENS_RAW_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACTOR:
      g_value_set_object (value, self->actor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_raw_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LensRawView *self = LENS_RAW_VIEW (object);

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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_raw_view_class_init (LensRawViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_raw_view_dispose;
  object_class->finalize = lens_raw_view_finalize;
  object_class->get_property = lens_raw_view_get_property;
  object_class->set_property = lens_raw_view_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT, rw);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, RK_TYPE_ACTOR, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/actorlens/ActorLens/lens-raw-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LensRawView, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, path_entry);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, headers_view);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, body_view);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, response_stack);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, status_label);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, time_label);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, error_label);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, response_headers_view);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, response_body_view);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, ws_path_entry);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, connect_button);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, ws_status_label);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, frame_list);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, send_entry);
  gtk_widget_class_bind_template_child (widget_class, LensRawView, hex_check);
  gtk_widget_class_bind_template_callback (widget_class, lens_raw_view_path_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_raw_view_send_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "raw.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "raw.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "raw.send-frame", NULL, send_frame_action);
  gtk_widget_class_install_action (widget_class, "raw.clear-log", NULL, clear_log_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "raw.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "raw.send", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lens_raw_view_init (LensRawView *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  lens_drop_down_name_button (self->method_dropdown);

  lens_source_buffer_init (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (
                                                GTK_TEXT_VIEW (self->body_view))));
  lens_source_buffer_init (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (
                                                GTK_TEXT_VIEW (self->response_body_view))));
  update_actions (self);
}

/**
 * lens_raw_view_new:
 *
 * Returns: (transfer full): a new #LensRawView
 */
GtkWidget *
lens_raw_view_new (void)
{
  return g_object_new (LENS_TYPE_RAW_VIEW, NULL);
}
