/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-patch.c: saving an actor's state through the inspector
 *
 * Over the live inspector socket a PatchStateRequest carries the state in
 * CBOR and keeps every type; the socket has no reply for it, so the next
 * StateUpdated confirms it. Without the socket, `PATCH /inspector/state`
 * (rk-inspector-http.c) takes plain JSON, and this file names what it would
 * flatten so that the app can ask first. */

#define G_LOG_DOMAIN "rk-inspector"

#include "config.h"

#include "rk-cbor.h"
#include "rk-compat-private.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-inspector-patch-private.h"
#include "rk-inspector-private.h"

/* Finds the first value under @node that plain JSON can't carry, and writes
 * its path to @path. */
static gboolean
find_typed_value (JsonNode   *node,
                  GString    *path,
                  const char **kind_name)
{
  RkValueKind kind = rk_compat_get_kind (node);
  gsize length = path->len;

  switch (kind)
    {
    case RK_VALUE_KIND_UNDEFINED:
    case RK_VALUE_KIND_BIGINT:
    case RK_VALUE_KIND_UINT8ARRAY:
    case RK_VALUE_KIND_ARRAYBUFFER:
    case RK_VALUE_KIND_SET:
      *kind_name = rk_value_kind_to_string (kind);
      return TRUE;

    case RK_VALUE_KIND_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        /* An escaped array ["$$x", …] keeps its first element as data. */
        for (guint i = 0; i < n; i++)
          {
            _rk_compat_path_push_index (path, i);
            if (find_typed_value (json_array_get_element (array, i), path, kind_name))
              return TRUE;
            g_string_truncate (path, length);
          }
        return FALSE;
      }

    case RK_VALUE_KIND_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &member, &value))
          {
            _rk_compat_path_push_member (path, member);
            if (find_typed_value (value, path, kind_name))
              return TRUE;
            g_string_truncate (path, length);
          }
        return FALSE;
      }

    case RK_VALUE_KIND_NULL:
    case RK_VALUE_KIND_BOOLEAN:
    case RK_VALUE_KIND_INTEGER:
    case RK_VALUE_KIND_DOUBLE:
    case RK_VALUE_KIND_STRING:
    default:
      return FALSE;
    }
}

/* Whether a patch goes over the live socket (CBOR, every type kept). */
gboolean
_rk_inspector_patches_over_socket (RkInspector *self)
{
  return self->socket != NULL &&
         self->transport == RK_INSPECTOR_TRANSPORT_PUSH &&
         rk_inspector_version_is_supported (self->protocol_version) &&
         soup_websocket_connection_get_state (self->socket) == SOUP_WEBSOCKET_STATE_OPEN;
}

/**
 * rk_inspector_describe_patch_loss:
 * @self: a #RkInspector
 * @state: the state about to be saved, in JSON-compat form
 *
 * Over the live inspector socket a patch is CBOR and keeps every type. Without
 * it, `PATCH /inspector/state` takes plain JSON: BigInts, bytes, undefined and
 * Sets would come back as numbers, strings, null and arrays. Ask before that.
 *
 * Returns: (transfer full) (nullable): %NULL when saving @state now keeps its
 *   types, else a sentence naming the first value that would change
 */
char *
rk_inspector_describe_patch_loss (RkInspector *self,
                                  JsonNode    *state)
{
  g_autoptr(GString) path = g_string_new ("$");
  const char *kind_name = NULL;

  g_return_val_if_fail (RK_IS_INSPECTOR (self), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (_rk_inspector_patches_over_socket (self) || !find_typed_value (state, path, &kind_name))
    return NULL;

  return g_strdup_printf ("The inspector is not connected live, and its HTTP endpoint takes "
                          "plain JSON: the %s at %s (and any like it) would be saved as a "
                          "plain value", kind_name, path->str);
}

#define PATCH_CONFIRM_SECONDS 10

typedef struct
{
  RkInspector *inspector;
  gulong updated_handler;
  gulong transport_handler;
  guint timeout;
} SocketPatch;

static void
socket_patch_free (SocketPatch *patch)
{
  g_clear_signal_handler (&patch->updated_handler, patch->inspector);
  g_clear_signal_handler (&patch->transport_handler, patch->inspector);
  g_clear_handle_id (&patch->timeout, g_source_remove);
  g_free (patch);
}

static void
socket_patch_return (GTask  *task,
                     GError *error)
{
  SocketPatch *patch = g_task_get_task_data (task);

  /* Only once: the handlers go before the task does. */
  g_clear_signal_handler (&patch->updated_handler, patch->inspector);
  g_clear_signal_handler (&patch->transport_handler, patch->inspector);
  g_clear_handle_id (&patch->timeout, g_source_remove);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, json_node_init_null (json_node_alloc ()),
                           (GDestroyNotify)json_node_unref);
  g_object_unref (task);
}

static void
socket_patch_updated_cb (RkInspector *self,
                         JsonNode    *state,
                         GTask       *task)
{
  socket_patch_return (task, NULL);
}

static void
socket_patch_transport_cb (RkInspector *self,
                           GParamSpec  *pspec,
                           GTask       *task)
{
  if (self->transport == RK_INSPECTOR_TRANSPORT_PUSH)
    return;
  socket_patch_return (task, g_error_new (RK_ERROR, RK_ERROR_CLOSED,
                                          "The inspector connection closed before the actor "
                                          "confirmed the new state; reload to see whether it "
                                          "was saved"));
}

static gboolean
socket_patch_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  SocketPatch *patch = g_task_get_task_data (task);

  patch->timeout = 0;
  socket_patch_return (task, g_error_new (RK_ERROR, RK_ERROR_TIMEOUT,
                                          "The actor did not confirm the new state within "
                                          "%d s", PATCH_CONFIRM_SECONDS));

  return G_SOURCE_REMOVE;
}

/* PatchStateRequest: CBOR, so BigInts and bytes keep their types. It has no
 * reply; the StateUpdated that follows confirms it. */
gboolean
_rk_inspector_patch_over_socket (RkInspector *self,
                                 JsonNode    *state,
                                 GTask       *task,
                                 GError     **error)
{
  g_autoptr(GBytes) cbor = NULL;
  g_autoptr(GBytes) frame = NULL;
  SocketPatch *patch;
  gsize length;
  const guint8 *data;

  if (!(cbor = rk_cbor_encode (state, error)))
    return FALSE;
  frame = rk_inspector_encode_patch_state (self->protocol_version,
                                           RK_INSPECTOR_FRAMING_PREFIXED, cbor);

  patch = g_new0 (SocketPatch, 1);
  patch->inspector = self;
  g_task_set_task_data (task, patch, (GDestroyNotify)socket_patch_free);
  patch->updated_handler = g_signal_connect (self, "state-updated",
                                             G_CALLBACK (socket_patch_updated_cb), task);
  patch->transport_handler = g_signal_connect (self, "notify::transport",
                                               G_CALLBACK (socket_patch_transport_cb), task);
  patch->timeout = g_timeout_add_seconds (PATCH_CONFIRM_SECONDS, socket_patch_timeout_cb, task);

  data = g_bytes_get_data (frame, &length);
  soup_websocket_connection_send_binary (self->socket, data, length);

  return TRUE;
}
