/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-push.c: RkInspector's transports: the inspector WebSocket
 * (BARE, pushed updates) and, when it is unavailable, polling the summary
 *
 * Decoding a frame that holds a 5 MB state takes 150–400 ms (CBOR to
 * JsonNode), and comparing that state with the one before up to 140 ms:
 * far too long for the main thread. A frame over INLINE_MAX_BYTES, and every
 * frame after it until the queue is empty again, is decoded in a worker, one
 * at a time and in arrival order, and the messages are applied on the main
 * context in that order. A close waits in the queue behind the frames that
 * came before it.
 *
 * The worker sees only the RkInspectorFrames, never the inspector. It
 * compares each state with the state it decoded before (at first, the
 * inspector's) and hands that one back with the message: the main thread
 * trusts the answer only while the inspector still holds that very node.
 * The worker never drops a reference to a node the main thread may have
 * seen (json-glib's containers are not thread-safe): those go back with the
 * message, and the queue itself is always freed on the main context.
 */

#define G_LOG_DOMAIN "rk-inspector"

#include "config.h"

#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-error-private.h"
#include "rk-inspector-private.h"
#include "rk-inspector-protocol.h"

#define MAX_INCOMING_PAYLOAD (64 * 1024 * 1024)
#define PUSH_RETRY_SECONDS 30
#define RECONNECT_MAX_MS 30000
/* Frames up to this size decode in well under a millisecond: when nothing
 * waits before them, they are applied at once */
#define INLINE_MAX_BYTES (32 * 1024)

typedef struct
{
  /* Arrived: a frame to decode, or the socket's close */
  GBytes *frame;
  GError *closed;

  /* Decoded; when the message carries a state, the state the worker compared
   * it with (a reference) and whether they were equal */
  RkInspectorMessage *message;
  JsonNode *compared_with;
  gboolean compared;
  gboolean state_equal;
} FrameItem;

struct _RkInspectorFrames
{
  gatomicrefcount ref_count;
  GCancellable *cancellable;
  GMainContext *context;
  char *actor_id;

  /* Main thread only, and only while not cancelled */
  RkInspector *inspector;
  guint applying;

  /* Under the lock */
  GMutex lock;
  GQueue pending;
  GQueue decoded;
  gboolean decoding;

  /* The worker's while decoding, else the main thread's */
  JsonNode *last_state;
};

static int n_frame_queues;

static void
frame_item_free (FrameItem *item)
{
  g_clear_pointer (&item->frame, g_bytes_unref);
  g_clear_error (&item->closed);
  g_clear_pointer (&item->message, rk_inspector_message_free);
  g_clear_pointer (&item->compared_with, json_node_unref);
  g_free (item);
}

static RkInspectorFrames *
frames_new (RkInspector *self)
{
  RkInspectorFrames *frames = g_new0 (RkInspectorFrames, 1);

  g_atomic_ref_count_init (&frames->ref_count);
  frames->cancellable = g_cancellable_new ();
  frames->context = g_main_context_ref_thread_default ();
  frames->actor_id = g_strdup (self->actor_id);
  frames->inspector = self;
  g_mutex_init (&frames->lock);
  g_queue_init (&frames->pending);
  g_queue_init (&frames->decoded);
  frames->last_state = self->state ? json_node_ref (self->state) : NULL;
  g_atomic_int_inc (&n_frame_queues);

  return frames;
}

static RkInspectorFrames *
frames_ref (RkInspectorFrames *frames)
{
  g_atomic_ref_count_inc (&frames->ref_count);
  return frames;
}

/* On the main context only: the queues may hold nodes it shares */
static void
frames_unref (RkInspectorFrames *frames)
{
  if (!g_atomic_ref_count_dec (&frames->ref_count))
    return;

  g_queue_clear_full (&frames->pending, (GDestroyNotify)frame_item_free);
  g_queue_clear_full (&frames->decoded, (GDestroyNotify)frame_item_free);
  g_clear_pointer (&frames->last_state, json_node_unref);
  g_mutex_clear (&frames->lock);
  g_clear_object (&frames->cancellable);
  g_main_context_unref (frames->context);
  g_free (frames->actor_id);
  g_free (frames);
  g_atomic_int_add (&n_frame_queues, -1);
}

/* Whether nothing waits, so that a frame may be applied at once */
static gboolean
frames_idle (RkInspectorFrames *frames)
{
  gboolean idle;

  g_mutex_lock (&frames->lock);
  idle = !frames->decoding && g_queue_is_empty (&frames->pending) &&
         g_queue_is_empty (&frames->decoded) && frames->applying == 0;
  g_mutex_unlock (&frames->lock);

  return idle;
}

static void handle_closed (RkInspector *self,
                           GError      *error);

/* On the main context: applies the decoded items in order, one at a time, so
 * that a handler that stops the inspector stops the rest too. */
static gboolean
deliver_cb (gpointer user_data)
{
  RkInspectorFrames *frames = user_data;

  while (!g_cancellable_is_cancelled (frames->cancellable))
    {
      FrameItem *item;

      g_mutex_lock (&frames->lock);
      item = g_queue_pop_head (&frames->decoded);
      g_mutex_unlock (&frames->lock);
      if (item == NULL)
        break;

      frames->applying++;
      if (item->message != NULL)
        _rk_inspector_apply_decoded (frames->inspector, item->message, item->compared,
                                     item->compared_with, item->state_equal);
      else if (item->closed != NULL)
        handle_closed (frames->inspector, item->closed);
      frames->applying--;
      frame_item_free (item);
    }

  return G_SOURCE_REMOVE;
}

/* From the worker: @frames is a reference, dropped on the main context */
static void
schedule_delivery (RkInspectorFrames *frames)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_cb, frames, (GDestroyNotify)frames_unref);
  g_source_set_static_name (source, "[rk] inspector frames");
  g_source_attach (source, frames->context);
  g_source_unref (source);
}

/* In the worker */
static void
decode_item (RkInspectorFrames *frames,
             FrameItem         *item)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (item->frame, &len);
  JsonNode *state;

  if (!(item->message = rk_inspector_message_decode (data, len, &error)))
    {
      /* One bad frame is not worth losing the live view for. */
      g_debug ("%s: unreadable inspector frame: %s", frames->actor_id, error->message);
      return;
    }

  if (!_rk_inspector_message_has_state (item->message))
    return;

  item->compared = TRUE;
  state = item->message->state;
  if (state != NULL && frames->last_state != NULL && rk_compat_equal (frames->last_state, state))
    {
      /* The main thread never saw this copy: keep the one it may hold. */
      item->state_equal = TRUE;
      item->compared_with = json_node_ref (frames->last_state);
      item->message->state = json_node_ref (frames->last_state);
      json_node_unref (state);
      return;
    }

  item->compared_with = g_steal_pointer (&frames->last_state);
  frames->last_state = state ? json_node_ref (state) : NULL;
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RkInspectorFrames *frames = task_data;

  for (;;)
    {
      FrameItem *item;
      gboolean was_empty;

      g_mutex_lock (&frames->lock);
      item = g_queue_pop_head (&frames->pending);
      if (item == NULL)
        frames->decoding = FALSE;
      g_mutex_unlock (&frames->lock);
      if (item == NULL)
        break;

      if (g_cancellable_is_cancelled (cancellable))
        {
          /* Nothing in it was shared yet */
          frame_item_free (item);
          continue;
        }

      if (item->frame != NULL)
        {
          decode_item (frames, item);
          g_clear_pointer (&item->frame, g_bytes_unref);
          if (item->message == NULL)
            {
              frame_item_free (item);
              continue;
            }
        }

      g_mutex_lock (&frames->lock);
      was_empty = g_queue_is_empty (&frames->decoded);
      g_queue_push_tail (&frames->decoded, item);
      g_mutex_unlock (&frames->lock);

      if (was_empty)
        schedule_delivery (frames_ref (frames));
    }

  /* The task's reference goes back to the main context */
  schedule_delivery (frames);
  g_task_return_boolean (task, TRUE);
}

static void
frames_push (RkInspectorFrames *frames,
             FrameItem         *item)
{
  gboolean start;

  g_mutex_lock (&frames->lock);
  g_queue_push_tail (&frames->pending, item);
  start = !frames->decoding;
  frames->decoding = TRUE;
  g_mutex_unlock (&frames->lock);

  if (start)
    {
      g_autoptr(GTask) task = g_task_new (NULL, frames->cancellable, NULL, NULL);

      g_task_set_source_tag (task, frames_push);
      g_task_set_name (task, "[rk] decode inspector frames");
      /* Not a destroy notify: GTask may drop its last reference in the worker */
      g_task_set_task_data (task, frames_ref (frames), NULL);
      g_task_run_in_thread (task, decode_thread);
    }
}

void
_rk_inspector_drop_frames (RkInspector *self)
{
  if (self->frames == NULL)
    return;

  g_cancellable_cancel (self->frames->cancellable);
  self->frames->inspector = NULL;
  g_clear_pointer (&self->frames, frames_unref);
}

/* A frame from the inspector socket, applied in order with the others */
void
_rk_inspector_receive_frame (RkInspector *self,
                             GBytes      *frame)
{
  FrameItem *item;

  if (self->frames == NULL)
    self->frames = frames_new (self);

  if (g_bytes_get_size (frame) <= INLINE_MAX_BYTES && frames_idle (self->frames))
    {
      g_autoptr(RkInspectorMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (frame, &len);

      if (!(message = rk_inspector_message_decode (data, len, &error)))
        {
          g_debug ("%s: unreadable inspector frame: %s", self->actor_id, error->message);
          return;
        }

      _rk_inspector_apply_message (self, message);
      /* The worker, idle, compares the next state with the inspector's */
      if (self->frames != NULL && _rk_inspector_message_has_state (message))
        {
          g_clear_pointer (&self->frames->last_state, json_node_unref);
          self->frames->last_state = self->state ? json_node_ref (self->state) : NULL;
        }
      return;
    }

  item = g_new0 (FrameItem, 1);
  item->frame = g_bytes_ref (frame);
  frames_push (self->frames, item);
}

/* For tests: whether frames wait to be decoded or applied */
gboolean
_rk_inspector_get_decoding (RkInspector *self)
{
  return self->frames != NULL && !frames_idle (self->frames);
}

/* For tests: how many frame queues are alive (each until its worker is done) */
guint
_rk_inspector_get_n_frame_queues (void)
{
  return (guint)g_atomic_int_get (&n_frame_queues);
}

void
_rk_inspector_drop_socket (RkInspector *self)
{
  /* Frames still waiting belong to this socket */
  _rk_inspector_drop_frames (self);

  if (self->socket == NULL)
    return;

  g_clear_signal_handler (&self->message_handler, self->socket);
  g_clear_signal_handler (&self->closed_handler, self->socket);
  if (soup_websocket_connection_get_state (self->socket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->socket);
}

static void
message_cb (RkInspector             *self,
            int                      type,
            GBytes                  *bytes,
            SoupWebsocketConnection *socket)
{
  _rk_inspector_receive_frame (self, bytes);
}

static gboolean
retry_push_cb (gpointer user_data)
{
  RkInspector *self = user_data;

  self->retry_source = 0;
  _rk_inspector_connect_push (self);

  return G_SOURCE_REMOVE;
}

static void
handle_closed (RkInspector *self,
               GError      *error)
{
  gboolean was_live = self->transport == RK_INSPECTOR_TRANSPORT_PUSH;

  _rk_inspector_drop_socket (self);

  if (!was_live)
    {
      /* Refused at setup (old server, no token…): poll instead. */
      _rk_inspector_start_polling (self, error->message);
      return;
    }

  /* Lost while live (server restart): keep the last snapshot, poll until
   * the socket is back. */
  _rk_inspector_start_polling (self, error->message);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (self->retry_ms, retry_push_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, RECONNECT_MAX_MS);
}

static void
closed_cb (RkInspector             *self,
           SoupWebsocketConnection *socket)
{
  g_autoptr(GError) error = NULL;
  FrameItem *item;

  error = rk_error_new_from_close (soup_websocket_connection_get_close_code (socket),
                                   soup_websocket_connection_get_close_data (socket));
  /* The reason may quote the subprotocols, inspector token included */
  _rk_client_redact_error (self->client, error);
  _rk_error_redact (error, self->token);

  if (self->frames == NULL || frames_idle (self->frames))
    {
      handle_closed (self, error);
      return;
    }

  /* After the frames that came before it */
  item = g_new0 (FrameItem, 1);
  item->closed = g_steal_pointer (&error);
  frames_push (self->frames, item);
}

static void
push_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RkInspector) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *socket;

  socket = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    {
      g_clear_object (&socket);
      return;
    }

  if (socket == NULL)
    {
      g_autoptr(GError) described = _rk_client_transport_error (self->client,
                                                                 g_steal_pointer (&error));
      _rk_inspector_start_polling (self, described->message);
      g_clear_handle_id (&self->retry_source, g_source_remove);
      self->retry_source = g_timeout_add_seconds (PUSH_RETRY_SECONDS, retry_push_cb, self);
      return;
    }

  self->socket = socket;
  soup_websocket_connection_set_max_incoming_payload_size (socket, MAX_INCOMING_PAYLOAD);
  self->message_handler = g_signal_connect_object (socket, "message", G_CALLBACK (message_cb),
                                                   self, G_CONNECT_SWAPPED);
  self->closed_handler = g_signal_connect_object (socket, "closed", G_CALLBACK (closed_cb),
                                                  self, G_CONNECT_SWAPPED);
}

static void
connect_push_with_token (RkInspector *self)
{
  g_autofree char *url = NULL;
  g_autofree char *log_url = NULL;
  g_autofree char *token_protocol = NULL;
  g_autoptr(SoupMessage) message = NULL;
  const char *protocols[4];

  url = _rk_client_gateway_url (self->client, self->actor_id, "/inspector/connect", FALSE);
  log_url = _rk_client_gateway_url (self->client, self->actor_id, "/inspector/connect", TRUE);
  token_protocol = g_strconcat ("rivet_inspector_token.", self->token, NULL);

  protocols[0] = "rivet";
  protocols[1] = "rivet_encoding.bare";
  protocols[2] = token_protocol;
  protocols[3] = NULL;

  if (!(message = soup_message_new ("GET", url)))
    {
      _rk_inspector_start_polling (self, "cannot build the inspector URL");
      return;
    }

  g_debug ("inspector WebSocket to %s", log_url);
  _rk_client_count_request (self->client);
  soup_session_websocket_connect_async (_rk_client_get_session (self->client), message, NULL,
                                        (char **)protocols, G_PRIORITY_DEFAULT, self->cancellable,
                                        push_connected_cb, g_object_ref (self));
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RkInspector) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_rk_inspector_fetch_token_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->started)
        _rk_inspector_start_polling (self, error->message);
      return;
    }

  if (!self->started)
    return;

  if (self->push_enabled)
    connect_push_with_token (self);
  else
    _rk_inspector_start_polling (self, "live updates are turned off");
}

void
_rk_inspector_connect_push (RkInspector *self)
{
  _rk_inspector_fetch_token_async (self, self->cancellable, token_cb, g_object_ref (self));
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RkInspector) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;

  self->poll_in_flight = FALSE;
  summary = rk_inspector_request_finish (self, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    return;

  if (summary == NULL)
    {
      _rk_inspector_set_transport (self, self->transport, error->message);
      return;
    }

  _rk_inspector_apply_summary (self, summary);
}

static gboolean
poll_tick_cb (gpointer user_data)
{
  RkInspector *self = user_data;

  if (self->transport != RK_INSPECTOR_TRANSPORT_POLL)
    {
      self->poll_source = 0;
      return G_SOURCE_REMOVE;
    }

  if (!self->poll_in_flight)
    {
      self->poll_in_flight = TRUE;
      rk_inspector_get_summary_async (self, self->cancellable, poll_cb, g_object_ref (self));
    }

  return G_SOURCE_CONTINUE;
}

void
_rk_inspector_start_polling (RkInspector *self,
                             const char  *reason)
{
  g_debug ("%s: polling the inspector summary (%s)", self->actor_id, reason);
  _rk_inspector_set_transport (self, RK_INSPECTOR_TRANSPORT_POLL, reason);

  if (self->poll_source == 0)
    {
      self->poll_source = g_timeout_add_seconds (self->poll_interval, poll_tick_cb, self);
      poll_tick_cb (self);
    }
}

