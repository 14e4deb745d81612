/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-connection-actions.c: actions over a RkConnection: ids, the bounded
 * queue while disconnected, timeouts, replies and action errors */

#define G_LOG_DOMAIN "rk-connection"

#include "config.h"

#include "rk-compat.h"
#include "rk-connection-private.h"
#include "rk-error.h"
#include "rk-json-private.h"
#include "rk-transition.h"

struct _RkPendingAction
{
  RkConnection *self;
  GTask *task;
  char *name;
  JsonNode *args;
  gint64 id;
  guint timeout_source;
  gulong cancelled_handler;
  guint cancel_idle;
  guint sent : 1;
};

static void
pending_free (RkPendingAction *pending)
{
  g_clear_handle_id (&pending->timeout_source, g_source_remove);
  g_clear_handle_id (&pending->cancel_idle, g_source_remove);
  if (pending->cancelled_handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (pending->task), pending->cancelled_handler);
  g_clear_object (&pending->task);
  g_clear_pointer (&pending->name, g_free);
  g_clear_pointer (&pending->args, json_node_unref);
  g_free (pending);
}

static void
notify_queued (RkConnection *self)
{
  g_object_notify (G_OBJECT (self), "queued-count");
}

/* Removes @pending from wherever it waits and completes its task. */
static void
pending_complete (RkPendingAction *pending,
                  JsonNode        *output,
                  const GError    *error)
{
  RkConnection *self = pending->self;
  GTask *task = g_object_ref (pending->task);

  if (pending->sent)
    g_hash_table_remove (self->in_flight, &pending->id);
  else if (g_queue_remove (&self->queued, pending))
    notify_queued (self);

  pending_free (pending);

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_pointer (task, json_node_ref (output), (GDestroyNotify)json_node_unref);

  g_object_unref (task);
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  RkPendingAction *pending = user_data;
  RkConnection *self = pending->self;
  g_autoptr(GError) error = NULL;

  pending->timeout_source = 0;

  if (pending->sent)
    error = g_error_new (RK_ERROR, RK_ERROR_TIMEOUT,
                         "The actor did not answer “%s” within %u ms",
                         pending->name, self->action_timeout_ms);
  else
    error = g_error_new (RK_ERROR, RK_ERROR_TIMEOUT,
                         "“%s” could not be delivered within %u ms: the connection is %s%s%s",
                         pending->name, self->action_timeout_ms,
                         rk_connection_status_to_string (self->status),
                         self->status_reason ? " — " : "",
                         self->status_reason ? self->status_reason : "");

  pending_complete (pending, NULL, error);

  return G_SOURCE_REMOVE;
}

static gboolean
pending_cancel_idle_cb (gpointer user_data)
{
  RkPendingAction *pending = user_data;
  g_autoptr(GError) error = NULL;

  pending->cancel_idle = 0;
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  pending_complete (pending, NULL, error);

  return G_SOURCE_REMOVE;
}

/* Runs inside GCancellable::cancelled, where disconnecting would deadlock:
 * complete from an idle instead. */
static void
pending_cancelled_cb (GCancellable    *cancellable,
                      RkPendingAction *pending)
{
  if (pending->cancel_idle == 0)
    pending->cancel_idle = g_idle_add (pending_cancel_idle_cb, pending);
}

static void
pending_send (RkPendingAction *pending)
{
  RkConnection *self = pending->self;
  g_autoptr(JsonNode) val = NULL;
  JsonObject *object = json_object_new ();

  pending->id = (gint64)self->next_action_id++;
  pending->sent = TRUE;
  g_hash_table_insert (self->in_flight, &pending->id, pending);

  /* The id MUST be a tagged BigInt: 2.2 closes the socket on a number. */
  json_object_set_member (object, "id", rk_compat_new_bigint_from_int64 (pending->id));
  json_object_set_string_member (object, "name", pending->name);
  json_object_set_member (object, "args", json_node_copy (pending->args));
  val = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  _rk_connection_send_frame (self, "ActionRequest", val);
}

void
_rk_connection_flush_queue (RkConnection *self)
{
  RkPendingAction *pending;
  gboolean any = FALSE;

  while (self->status == RK_CONNECTION_STATUS_CONNECTED &&
         (pending = g_queue_pop_head (&self->queued)))
    {
      any = TRUE;
      pending_send (pending);
    }

  if (any)
    notify_queued (self);
}

void
_rk_connection_fail_in_flight (RkConnection *self,
                               const GError *error)
{
  g_autoptr(GList) values = g_hash_table_get_values (self->in_flight);

  for (const GList *l = values; l != NULL; l = l->next)
    pending_complete (l->data, NULL, error);
}

void
_rk_connection_fail_queued (RkConnection *self,
                            const GError *error)
{
  RkPendingAction *pending;

  while ((pending = g_queue_peek_head (&self->queued)))
    pending_complete (pending, NULL, error);
}

static gboolean
read_action_id (JsonObject *val,
                const char *member,
                gint64     *out)
{
  JsonNode *node = json_object_get_member (val, member);
  const char *decimal;
  char *end = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  if (rk_compat_get_kind (node) == RK_VALUE_KIND_BIGINT)
    {
      decimal = rk_compat_get_bigint (node);
      *out = g_ascii_strtoll (decimal, &end, 10);
      return end != decimal && *end == '\0';
    }

  return _rk_json_get_int (val, member, out);
}

void
_rk_connection_handle_response (RkConnection *self,
                                JsonObject   *val)
{
  RkPendingAction *pending;
  JsonNode *output;
  g_autoptr(JsonNode) undefined = NULL;
  gint64 id;

  if (!read_action_id (val, "id", &id) || !(pending = g_hash_table_lookup (self->in_flight, &id)))
    {
      g_autoptr(GError) error = g_error_new_literal (RK_ERROR, RK_ERROR_PROTOCOL,
                                                     "A reply arrived for an action nobody is "
                                                     "waiting for (it may have timed out)");
      _rk_connection_emit_error (self, error);
      return;
    }

  if (!(output = json_object_get_member (val, "output")))
    output = undefined = rk_compat_new_undefined ();

  pending_complete (pending, output, NULL);
}

/**
 * _rk_connection_handle_error:
 * @self: a #RkConnection
 * @val: the `Error` message's value
 *
 * Fails the action it names, or reports a connection-level error.
 *
 * Returns: %TRUE when the actor is stopping and the socket is useless
 */
gboolean
_rk_connection_handle_error (RkConnection *self,
                             JsonObject   *val)
{
  g_autoptr(GError) error = rk_error_new_from_object (val, 0);
  RkPendingAction *pending = NULL;
  gboolean stopping;
  gint64 id;

  if (error == NULL)
    error = g_error_new_literal (RK_ERROR, RK_ERROR_PROTOCOL,
                                 "The actor sent an error without group and code");

  stopping = rk_error_matches (error, "actor", "stopping");

  if (read_action_id (val, "actionId", &id))
    pending = g_hash_table_lookup (self->in_flight, &id);

  if (pending != NULL && stopping)
    {
      /* It never ran: send it again on the next socket. */
      g_hash_table_remove (self->in_flight, &pending->id);
      pending->sent = FALSE;
      g_queue_push_head (&self->queued, pending);
      notify_queued (self);
    }
  else if (pending != NULL)
    pending_complete (pending, NULL, error);
  else if (!stopping)
    _rk_connection_emit_error (self, error);

  return stopping;
}

/**
 * rk_connection_action_async:
 * @self: a #RkConnection
 * @action: the action name
 * @args: (nullable): a JSON array of arguments in JSON-compat form
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Calls an action over the connection. While disconnected the call waits
 * in a bounded queue and is sent after reconnecting; it fails with
 * %RK_ERROR_TIMEOUT if it cannot be delivered and answered in time, with
 * %RK_ERROR_QUEUE_FULL when too many wait, and with %RK_ERROR_CLOSED if
 * the socket drops after sending it (it may have run).
 */
void
rk_connection_action_async (RkConnection        *self,
                            const char          *action,
                            JsonNode            *args,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  RkPendingAction *pending;
  GTask *task;

  g_return_if_fail (RK_IS_CONNECTION (self));
  g_return_if_fail (action != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_connection_action_async);

  /* Already cancelled: it must not reach the actor */
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (args != NULL && !JSON_NODE_HOLDS_ARRAY (args))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                               "Action arguments must be a JSON array");
      g_object_unref (task);
      return;
    }

  if (self->status == RK_CONNECTION_STATUS_FAILED ||
      self->status == RK_CONNECTION_STATUS_DISCONNECTED ||
      self->status == RK_CONNECTION_STATUS_IDLE)
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_CLOSED,
                               "The connection is %s%s%s: open it before calling actions",
                               rk_connection_status_to_string (self->status),
                               self->status_reason ? " — " : "",
                               self->status_reason ? self->status_reason : "");
      g_object_unref (task);
      return;
    }

  if (self->status != RK_CONNECTION_STATUS_CONNECTED && self->queued.length >= self->max_queued)
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_QUEUE_FULL,
                               "%u actions are already waiting for the connection",
                               self->queued.length);
      g_object_unref (task);
      return;
    }

  pending = g_new0 (RkPendingAction, 1);
  pending->self = self;
  pending->task = task;
  pending->name = g_strdup (action);
  pending->args = args ? json_node_copy (args)
                       : json_node_init_array (json_node_alloc (), json_array_new ());
  pending->timeout_source = g_timeout_add (self->action_timeout_ms, pending_timeout_cb, pending);
  if (cancellable != NULL)
    pending->cancelled_handler = g_cancellable_connect (cancellable,
                                                        G_CALLBACK (pending_cancelled_cb),
                                                        pending, NULL);

  if (self->status == RK_CONNECTION_STATUS_CONNECTED)
    pending_send (pending);
  else
    {
      g_queue_push_tail (&self->queued, pending);
      notify_queued (self);
    }
}

/**
 * rk_connection_action_finish:
 * @self: a #RkConnection
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the output in JSON-compat form, or %NULL
 */
JsonNode *
rk_connection_action_finish (RkConnection  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
