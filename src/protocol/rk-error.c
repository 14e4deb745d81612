/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-error.c: the RK_ERROR domain and the parsers for every RivetKit error shape */

#define G_LOG_DOMAIN "rk-error"

#include "config.h"

#include <string.h>

#include "rk-compat.h"
#include "rk-error-private.h"

#define RAW_BODY_MAX 4096
#define MESSAGE_BODY_MAX 240

typedef struct
{
  char     *group;
  char     *code;
  JsonNode *metadata;
  char     *ray_id;
  char     *raw_body;
  guint     http_status;
  gushort   close_code;
} RkErrorPrivate;

static void
rk_error_private_init (RkErrorPrivate *priv)
{
}

static void
rk_error_private_copy (const RkErrorPrivate *src,
                       RkErrorPrivate       *dest)
{
  dest->group = g_strdup (src->group);
  dest->code = g_strdup (src->code);
  dest->metadata = src->metadata ? json_node_copy (src->metadata) : NULL;
  dest->ray_id = g_strdup (src->ray_id);
  dest->raw_body = g_strdup (src->raw_body);
  dest->http_status = src->http_status;
  dest->close_code = src->close_code;
}

static void
rk_error_private_clear (RkErrorPrivate *priv)
{
  g_clear_pointer (&priv->group, g_free);
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->metadata, json_node_unref);
  g_clear_pointer (&priv->ray_id, g_free);
  g_clear_pointer (&priv->raw_body, g_free);
}

G_DEFINE_EXTENDED_ERROR (RkError, rk_error)

static RkErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != RK_ERROR)
    return NULL;
  return rk_error_get_private (error);
}

/**
 * rk_error_get_group:
 * @error: a #GError
 *
 * Returns: (nullable): RivetKit's error group ("actor", "user", "rivetkit", …)
 */
const char *
rk_error_get_group (const GError *error)
{
  RkErrorPrivate *priv = get_private (error);
  return priv ? priv->group : NULL;
}

/**
 * rk_error_get_code:
 * @error: a #GError
 *
 * Returns: (nullable): RivetKit's error code ("not_found", "internal_error", …)
 */
const char *
rk_error_get_code (const GError *error)
{
  RkErrorPrivate *priv = get_private (error);
  return priv ? priv->code : NULL;
}

/**
 * rk_error_get_metadata:
 * @error: a #GError
 *
 * Returns: (nullable) (transfer none): the error's metadata in JSON-compat form
 */
JsonNode *
rk_error_get_metadata (const GError *error)
{
  RkErrorPrivate *priv = get_private (error);
  return priv ? priv->metadata : NULL;
}

guint
rk_error_get_http_status (const GError *error)
{
  RkErrorPrivate *priv = get_private (error);
  return priv ? priv->http_status : 0;
}

gushort
rk_error_get_close_code (const GError *error)
{
  RkErrorPrivate *priv = get_private (error);
  return priv ? priv->close_code : 0;
}

const char *
rk_error_get_ray_id (const GError *error)
{
  RkErrorPrivate *priv = get_private (error);
  return priv ? priv->ray_id : NULL;
}

/**
 * rk_error_get_raw_body:
 * @error: a #GError
 *
 * Returns: (nullable): the start (at most 4 KiB) of the reply body that caused the error
 */
const char *
rk_error_get_raw_body (const GError *error)
{
  RkErrorPrivate *priv = get_private (error);
  return priv ? priv->raw_body : NULL;
}

/* 2.2 and 2.3 spell some errors differently: one table keeps them equal. */
static const struct {
  const char *group;
  const char *code;
  const char *alias_group;
  const char *alias_code;
} aliases[] = {
  { "action", "not_found", "actor", "action_not_found" },
  { "actor", "not_found", "datacenter", "not_found" },
};

/**
 * rk_error_matches:
 * @error: (nullable): a #GError
 * @group: a RivetKit error group
 * @code: (nullable): a RivetKit error code, or %NULL for any code of @group
 *
 * Checks a remote error's group and code, treating the spellings of 2.2
 * and 2.3 of the same error as equal (`action.not_found` is
 * `actor.action_not_found`).
 */
gboolean
rk_error_matches (const GError *error,
                  const char   *group,
                  const char   *code)
{
  RkErrorPrivate *priv;

  g_return_val_if_fail (group != NULL, FALSE);

  if (!(priv = get_private (error)) || priv->group == NULL)
    return FALSE;

  if (g_strcmp0 (priv->group, group) == 0 && (code == NULL || g_strcmp0 (priv->code, code) == 0))
    return TRUE;

  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (g_str_equal (aliases[i].group, group) && g_str_equal (aliases[i].code, code) &&
          g_strcmp0 (priv->group, aliases[i].alias_group) == 0 &&
          g_strcmp0 (priv->code, aliases[i].alias_code) == 0)
        return TRUE;
      if (g_str_equal (aliases[i].alias_group, group) && g_str_equal (aliases[i].alias_code, code) &&
          g_strcmp0 (priv->group, aliases[i].group) == 0 &&
          g_strcmp0 (priv->code, aliases[i].code) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * rk_error_new_remote:
 * @group: RivetKit error group
 * @code: RivetKit error code
 * @message: (nullable): the human message
 * @metadata: (nullable) (transfer none): metadata in JSON-compat form
 * @http_status: the HTTP status, or 0
 *
 * Returns: (transfer full): a new %RK_ERROR_REMOTE error
 */
GError *
rk_error_new_remote (const char *group,
                     const char *code,
                     const char *message,
                     JsonNode   *metadata,
                     guint       http_status)
{
  GError *error;
  RkErrorPrivate *priv;
  gboolean unauthorized;

  g_return_val_if_fail (group != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  unauthorized = http_status == 401;

  if (message != NULL && message[0] != '\0')
    error = g_error_new (RK_ERROR, unauthorized ? RK_ERROR_UNAUTHORIZED : RK_ERROR_REMOTE,
                         "%s (%s.%s)", message, group, code);
  else
    error = g_error_new (RK_ERROR, unauthorized ? RK_ERROR_UNAUTHORIZED : RK_ERROR_REMOTE,
                         "%s.%s", group, code);

  priv = rk_error_get_private (error);
  priv->group = g_strdup (group);
  priv->code = g_strdup (code);
  priv->metadata = metadata ? json_node_copy (metadata) : NULL;
  priv->http_status = http_status;

  return error;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * rk_error_new_from_object:
 * @object: a `{group, code, message, metadata?}` object
 * @http_status: the HTTP status, or 0
 *
 * Returns: (transfer full) (nullable): a remote error, or %NULL when @object
 *   does not have RivetKit's error shape
 */
GError *
rk_error_new_from_object (JsonObject *object,
                          guint       http_status)
{
  const char *group;
  const char *code;
  JsonNode *metadata;

  g_return_val_if_fail (object != NULL, NULL);

  group = member_string (object, "group");
  code = member_string (object, "code");
  if (group == NULL || code == NULL)
    return NULL;

  metadata = json_object_get_member (object, "metadata");
  if (metadata != NULL && JSON_NODE_HOLDS_NULL (metadata))
    metadata = NULL;

  return rk_error_new_remote (group, code, member_string (object, "message"),
                              metadata, http_status);
}

static char *
shorten (const char *text,
         gsize       max)
{
  const char *end;

  if (strlen (text) <= max)
    return g_strdup (text);

  end = text + max;
  /* Never cut a UTF-8 sequence in half. */
  while (end > text && ((guchar)*end & 0xC0) == 0x80)
    end--;

  return g_strdup_printf ("%.*s…", (int)(end - text), text);
}

static char *
body_to_text (GBytes *body)
{
  gsize len = 0;
  const char *data;

  if (body == NULL)
    return g_strdup ("");

  data = g_bytes_get_data (body, &len);
  if (data == NULL || len == 0)
    return g_strdup ("");

  return g_utf8_make_valid (data, MIN (len, RAW_BODY_MAX));
}

/* Zod's `message` is itself JSON: an array of issues. Keep the readable parts. */
static char *
describe_zod (const char *message)
{
  g_autoptr(JsonNode) issues = NULL;
  g_autoptr(GString) out = NULL;
  JsonArray *array;

  if (message == NULL)
    return g_strdup ("");

  issues = rk_compat_parse_plain (message, -1, NULL);
  if (issues == NULL || !JSON_NODE_HOLDS_ARRAY (issues))
    return shorten (message, MESSAGE_BODY_MAX);

  out = g_string_new (NULL);
  array = json_node_get_array (issues);
  for (guint i = 0; i < json_array_get_length (array) && i < 4; i++)
    {
      JsonNode *issue = json_array_get_element (array, i);
      JsonObject *object;
      JsonNode *path;
      const char *text;

      if (!JSON_NODE_HOLDS_OBJECT (issue))
        continue;

      object = json_node_get_object (issue);
      text = member_string (object, "message");
      path = json_object_get_member (object, "path");

      if (out->len > 0)
        g_string_append (out, "; ");

      if (path != NULL && JSON_NODE_HOLDS_ARRAY (path) &&
          json_array_get_length (json_node_get_array (path)) > 0)
        {
          JsonArray *parts = json_node_get_array (path);

          for (guint j = 0; j < json_array_get_length (parts); j++)
            {
              JsonNode *part = json_array_get_element (parts, j);

              if (j > 0)
                g_string_append_c (out, '.');
              if (JSON_NODE_HOLDS_VALUE (part) && json_node_get_value_type (part) == G_TYPE_STRING)
                g_string_append (out, json_node_get_string (part));
              else if (JSON_NODE_HOLDS_VALUE (part) && json_node_get_value_type (part) == G_TYPE_INT64)
                g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (part));
            }
          g_string_append (out, ": ");
        }

      g_string_append (out, text ? text : "invalid");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rk_error_new_from_reply:
 * @http_status: the reply's status
 * @reason_phrase: (nullable): the reply's reason phrase
 * @body: (nullable): the reply's body
 *
 * Builds an error from a non-2xx reply, whatever its Content-Type says:
 * RivetKit sends JSON error bodies as `text/plain`. Understands the
 * `{group, code, message, metadata?, actor?}` shape, the manager's Zod
 * `{success:false, error:{name, message}}` and `{error: "…"}` shapes, and
 * plain text such as `Not Found (RivetKit)` or `Unauthorized`.
 *
 * Returns: (transfer full): a new error; never %NULL
 */
GError *
rk_error_new_from_reply (guint       http_status,
                         const char *reason_phrase,
                         GBytes     *body)
{
  g_autofree char *text = body_to_text (body);
  g_autofree char *short_text = NULL;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  RkErrorPrivate *priv;

  if (text[0] != '\0')
    node = rk_compat_parse_plain (text, -1, NULL);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *inner = json_object_get_member (object, "error");

      if ((error = rk_error_new_from_object (object, http_status)))
        {
          /* 2.3 adds an `actor` specifier and guard errors may carry a ray id */
          JsonNode *ray = json_object_get_member (object, "ray_id");

          priv = rk_error_get_private (error);
          if (ray && JSON_NODE_HOLDS_VALUE (ray) && json_node_get_value_type (ray) == G_TYPE_STRING)
            priv->ray_id = g_strdup (json_node_get_string (ray));
        }
      else if (inner != NULL && JSON_NODE_HOLDS_OBJECT (inner))
        {
          JsonObject *zod = json_node_get_object (inner);
          g_autofree char *described = describe_zod (member_string (zod, "message"));

          error = g_error_new (RK_ERROR, RK_ERROR_HTTP,
                               "The server rejected the request (HTTP %u): %s",
                               http_status, described);
        }
      else if (inner != NULL && JSON_NODE_HOLDS_VALUE (inner) &&
               json_node_get_value_type (inner) == G_TYPE_STRING)
        {
          short_text = shorten (json_node_get_string (inner), MESSAGE_BODY_MAX);
          error = g_error_new (RK_ERROR, RK_ERROR_HTTP,
                               "The server rejected the request (HTTP %u): %s",
                               http_status, short_text);
        }
    }

  if (error == NULL)
    {
      int code = http_status == 401 || http_status == 403 ? RK_ERROR_UNAUTHORIZED : RK_ERROR_HTTP;

      short_text = shorten (g_strstrip (text), MESSAGE_BODY_MAX);
      if (short_text[0] != '\0')
        error = g_error_new (RK_ERROR, code, "HTTP %u %s: %s", http_status,
                             reason_phrase ? reason_phrase : "", short_text);
      else
        error = g_error_new (RK_ERROR, code, "HTTP %u %s", http_status,
                             reason_phrase ? reason_phrase : "");
    }

  priv = rk_error_get_private (error);
  priv->http_status = http_status;
  g_free (priv->raw_body);
  priv->raw_body = g_strdup (text);

  return error;
}

static gboolean
is_identifier (const char *start,
               gsize       len)
{
  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (start[i]) && start[i] != '_' && start[i] != '-')
      return FALSE;

  return TRUE;
}

/**
 * rk_error_new_from_close:
 * @close_code: the WebSocket close code
 * @close_reason: (nullable): the close reason
 *
 * Builds an error from a WebSocket close. RivetKit closes failed setups
 * with 1011 and a `group.code` reason, which 2.3 may follow with `#rayId`.
 *
 * Returns: (transfer full): a new error; never %NULL
 */
GError *
rk_error_new_from_close (gushort     close_code,
                         const char *close_reason)
{
  g_autofree char *reason = g_utf8_make_valid (close_reason ? close_reason : "", -1);
  const char *hash;
  const char *dot;
  g_autofree char *ray_id = NULL;
  GError *error;
  RkErrorPrivate *priv;

  if ((hash = strchr (reason, '#')))
    {
      ray_id = g_strdup (hash + 1);
      reason[hash - reason] = '\0';
    }

  dot = strchr (reason, '.');
  if (dot != NULL && strchr (dot + 1, '.') == NULL && strchr (reason, ' ') == NULL &&
      is_identifier (reason, dot - reason) && is_identifier (dot + 1, strlen (dot + 1)))
    {
      g_autofree char *group = g_strndup (reason, dot - reason);

      error = g_error_new (RK_ERROR,
                           close_code == 1008 || g_str_equal (dot + 1, "unauthorized")
                             ? RK_ERROR_UNAUTHORIZED : RK_ERROR_REMOTE,
                           "The server closed the connection with %s.%s (close code %u)",
                           group, dot + 1, close_code);
      priv = rk_error_get_private (error);
      priv->group = g_steal_pointer (&group);
      priv->code = g_strdup (dot + 1);
    }
  else if (reason[0] != '\0')
    {
      error = g_error_new (RK_ERROR, RK_ERROR_CLOSED,
                           "The connection was closed: %s (close code %u)", reason, close_code);
      priv = rk_error_get_private (error);
    }
  else if (close_code == 0)
    {
      /* What libsoup reports when the TCP connection ends without a close frame */
      error = g_error_new_literal (RK_ERROR, RK_ERROR_CLOSED,
                                   "The connection was lost: the server went away without "
                                   "closing the WebSocket");
      priv = rk_error_get_private (error);
    }
  else
    {
      error = g_error_new (RK_ERROR, RK_ERROR_CLOSED,
                           "The connection was closed (close code %u)", close_code);
      priv = rk_error_get_private (error);
    }

  priv->close_code = close_code;
  priv->ray_id = g_steal_pointer (&ray_id);

  return error;
}

static char *
replace_secret (const char *text,
                const char *secret)
{
  GString *out = g_string_new (text);

  g_string_replace (out, secret, "***", 0);
  return g_string_free (out, FALSE);
}

/**
 * _rk_error_redact:
 * @error: (nullable): an error
 * @secret: (nullable): a token the request carried
 *
 * Servers and proxies quote requests in their errors ("Cannot GET
 * /gateway/id@token/…", echoed headers): masks @secret in the message,
 * the kept body and the metadata, which all end up on screen and in logs.
 */
void
_rk_error_redact (GError     *error,
                  const char *secret)
{
  RkErrorPrivate *priv;

  if (error == NULL || secret == NULL || secret[0] == '\0')
    return;

  if (strstr (error->message, secret) != NULL)
    {
      char *message = replace_secret (error->message, secret);

      g_free (error->message);
      error->message = message;
    }

  if (!(priv = get_private (error)))
    return;

  if (priv->raw_body != NULL && strstr (priv->raw_body, secret) != NULL)
    {
      char *body = replace_secret (priv->raw_body, secret);

      g_free (priv->raw_body);
      priv->raw_body = body;
    }

  if (priv->metadata != NULL)
    {
      g_autofree char *text = rk_compat_to_string (priv->metadata, FALSE);

      if (text != NULL && strstr (text, secret) != NULL)
        {
          g_autofree char *masked = replace_secret (text, secret);

          /* A secret that needed escaping in JSON may not survive the trip:
           * then the metadata goes rather than the secret staying. */
          g_clear_pointer (&priv->metadata, json_node_unref);
          priv->metadata = rk_compat_parse_plain (masked, -1, NULL);
          if (priv->metadata != NULL)
            {
              g_autofree char *check = rk_compat_to_string (priv->metadata, FALSE);

              if (strstr (check, secret) != NULL)
                g_clear_pointer (&priv->metadata, json_node_unref);
            }
        }
    }
}
