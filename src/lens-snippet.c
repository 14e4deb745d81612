/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-snippet.c: a call written as a curl command or as rivetkit/client TypeScript
 *
 * Tokens are never written out: the snippets read $RIVET_TOKEN instead.
 */

#define G_LOG_DOMAIN "lens-snippet"

#include "config.h"

#include "rk-compat.h"

#include "lens-snippet.h"

static char *
json_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
json_string_literal (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_text (node);
}

static gboolean
is_identifier (const char *name)
{
  if (name == NULL || name[0] == '\0' || g_ascii_isdigit (name[0]))
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '$')
      return FALSE;

  return TRUE;
}

static void append_js (GString  *out,
                       JsonNode *value);

static void
append_bytes (GString    *out,
              JsonNode   *value,
              gboolean    buffer)
{
  g_autoptr(GBytes) bytes = rk_compat_dup_bytes (value);
  const guint8 *data;
  gsize size = 0;

  g_string_append (out, "new Uint8Array([");
  data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  for (gsize i = 0; i < size; i++)
    g_string_append_printf (out, "%s%u", i ? ", " : "", data[i]);
  g_string_append (out, buffer ? "]).buffer" : "])");
}

static void
append_elements (GString  *out,
                 JsonNode *value)
{
  guint n = rk_compat_get_length (value);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) element = rk_compat_dup_element (value, i);

      if (i > 0)
        g_string_append (out, ", ");
      append_js (out, element);
    }
  g_string_append_c (out, ']');
}

static void
append_js (GString  *out,
           JsonNode *value)
{
  switch (rk_compat_get_kind (value))
    {
    case RK_VALUE_KIND_UNDEFINED:
      g_string_append (out, "undefined");
      break;

    case RK_VALUE_KIND_BIGINT:
      g_string_append_printf (out, "%sn", rk_compat_get_bigint (value));
      break;

    case RK_VALUE_KIND_UINT8ARRAY:
      append_bytes (out, value, FALSE);
      break;

    case RK_VALUE_KIND_ARRAYBUFFER:
      append_bytes (out, value, TRUE);
      break;

    case RK_VALUE_KIND_SET:
      g_string_append (out, "new Set(");
      append_elements (out, value);
      g_string_append_c (out, ')');
      break;

    case RK_VALUE_KIND_ARRAY:
      append_elements (out, value);
      break;

    case RK_VALUE_KIND_OBJECT:
      {
        JsonObject *object = json_node_get_object (value);
        g_autoptr(GList) names = json_object_get_members (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            const char *name = l->data;
            JsonNode *member = json_object_get_member (object, name);

            g_string_append (out, first ? " " : ", ");
            if (is_identifier (name))
              g_string_append (out, name);
            else
              {
                g_autofree char *quoted = json_string_literal (name);
                g_string_append (out, quoted);
              }
            g_string_append (out, ": ");
            append_js (out, member);
            first = FALSE;
          }
        g_string_append (out, first ? "}" : " }");
      }
      break;

    case RK_VALUE_KIND_NULL:
    case RK_VALUE_KIND_BOOLEAN:
    case RK_VALUE_KIND_INTEGER:
    case RK_VALUE_KIND_DOUBLE:
    case RK_VALUE_KIND_STRING:
    default:
      {
        g_autofree char *text = rk_compat_to_string (value, FALSE);
        g_string_append (out, text);
      }
      break;
    }
}

/**
 * lens_snippet_js_value:
 * @value: a value in JSON-compat form
 *
 * Returns: (transfer full): @value as a JavaScript expression: BigInts as
 *   `12n`, bytes as `new Uint8Array([…])`, Sets as `new Set([…])`
 */
char *
lens_snippet_js_value (JsonNode *value)
{
  GString *out = g_string_new (NULL);

  append_js (out, value);
  return g_string_free (out, FALSE);
}

static char *
js_key (const char * const *key)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (key != NULL && key[0] != NULL && key[1] == NULL)
    return json_string_literal (key[0]);

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; key != NULL && key[i] != NULL; i++)
    json_builder_add_string_value (builder, key[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  return json_text (root);
}

static const char *
accessor (const char *name,
          char      **owned)
{
  if (is_identifier (name))
    return *owned = g_strdup_printf (".%s", name);

  {
    g_autofree char *quoted = json_string_literal (name);
    return *owned = g_strdup_printf ("[%s]", quoted);
  }
}

/**
 * lens_snippet_create:
 * @name: the actor type
 * @key: (nullable): the key parts
 * @input: (nullable): the input in JSON-compat form
 * @get_or_create: whether an existing actor with @key is reused
 *
 * Returns: (transfer full): the `rivetkit/client` call that does the same
 */
char *
lens_snippet_create (const char         *name,
                     const char * const *key,
                     JsonNode           *input,
                     gboolean            get_or_create)
{
  g_autofree char *key_text = js_key (key);
  g_autofree char *member = NULL;
  g_autofree char *options = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (input != NULL)
    {
      g_autofree char *input_text = lens_snippet_js_value (input);

      options = g_strdup_printf (", { %s: %s }", get_or_create ? "createWithInput" : "input",
                                 input_text);
    }

  return g_strdup_printf ("const handle = %sclient%s.%s(%s%s);",
                          get_or_create ? "" : "await ",
                          accessor (name, &member),
                          get_or_create ? "getOrCreate" : "create",
                          key_text, options ? options : "");
}

/**
 * lens_snippet_typescript:
 * @endpoint: the endpoint URL
 * @namespace_: (nullable): the namespace
 * @has_token: whether the endpoint needs a token
 * @name: the actor type
 * @key: (nullable): the key parts; %NULL to address the actor by ID
 * @actor_id: the actor ID
 * @action: the action name
 * @args: (nullable): the arguments, a JSON-compat array
 * @conn_params: (nullable): connection params (plain JSON)
 *
 * Returns: (transfer full): a TypeScript program that makes the same call
 */
char *
lens_snippet_typescript (const char         *endpoint,
                         const char         *namespace_,
                         gboolean            has_token,
                         const char         *name,
                         const char * const *key,
                         const char         *actor_id,
                         const char         *action,
                         JsonNode           *args,
                         JsonNode           *conn_params)
{
  GString *out = g_string_new (NULL);
  g_autofree char *endpoint_text = json_string_literal (endpoint);
  g_autofree char *type_member = NULL;
  g_autofree char *action_member = NULL;
  g_autofree char *options = NULL;
  guint n_args = args ? rk_compat_get_length (args) : 0;

  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);

  if (conn_params != NULL && !JSON_NODE_HOLDS_NULL (conn_params))
    {
      g_autoptr(JsonNode) compat = rk_compat_from_plain (conn_params);
      g_autofree char *params = lens_snippet_js_value (compat);

      options = g_strdup_printf (", { params: %s }", params);
    }

  g_string_append (out, "import { createClient } from \"rivetkit/client\";\n");
  g_string_append (out, "import type { registry } from \"./registry\";\n\n");

  if ((namespace_ != NULL && g_strcmp0 (namespace_, "default") != 0) || has_token)
    {
      g_string_append_printf (out, "const client = createClient<typeof registry>({\n"
                                   "  endpoint: %s,\n", endpoint_text);
      if (namespace_ != NULL && g_strcmp0 (namespace_, "default") != 0)
        {
          g_autofree char *ns = json_string_literal (namespace_);
          g_string_append_printf (out, "  namespace: %s,\n", ns);
        }
      if (has_token)
        g_string_append (out, "  token: process.env.RIVET_TOKEN,\n");
      g_string_append (out, "});\n");
    }
  else
    g_string_append_printf (out, "const client = createClient<typeof registry>(%s);\n",
                            endpoint_text);

  if (key != NULL)
    {
      g_autofree char *key_text = js_key (key);

      g_string_append_printf (out, "const actor = client%s.getOrCreate(%s%s);\n",
                              accessor (name, &type_member), key_text, options ? options : "");
    }
  else
    {
      g_autofree char *id_text = json_string_literal (actor_id);

      g_string_append_printf (out, "const actor = client%s.getForId(%s%s);\n",
                              accessor (name, &type_member), id_text, options ? options : "");
    }

  g_string_append_printf (out, "const result = await actor%s(", accessor (action, &action_member));
  for (guint i = 0; i < n_args; i++)
    {
      g_autoptr(JsonNode) arg = rk_compat_dup_element (args, i);

      if (i > 0)
        g_string_append (out, ", ");
      append_js (out, arg);
    }
  g_string_append (out, ");\nconsole.log(result);\n");

  return g_string_free (out, FALSE);
}

/**
 * lens_snippet_curl:
 * @endpoint: the endpoint URL
 * @has_token: whether the endpoint needs a token
 * @actor_id: the actor ID
 * @action: the action name
 * @args: (nullable): the arguments, a JSON-compat array
 * @conn_params: (nullable): connection params (plain JSON)
 *
 * Returns: (transfer full): a curl command for the stateless HTTP call
 */
char *
lens_snippet_curl (const char *endpoint,
                   gboolean    has_token,
                   const char *actor_id,
                   const char *action,
                   JsonNode   *args,
                   JsonNode   *conn_params)
{
  GString *out = g_string_new ("curl -X POST ");
  g_autofree char *escaped_id = NULL;
  g_autofree char *escaped_action = NULL;
  g_autofree char *url = NULL;
  g_autofree char *quoted_url = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *quoted_body = NULL;

  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (actor_id != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);

  escaped_id = g_uri_escape_string (actor_id, NULL, FALSE);
  escaped_action = g_uri_escape_string (action, NULL, FALSE);
  url = g_strdup_printf ("%s/gateway/%s/action/%s", endpoint, escaped_id, escaped_action);
  quoted_url = g_shell_quote (url);
  if (args != NULL)
    json_object_set_member (object, "args", json_node_copy (args));
  else
    json_object_set_array_member (object, "args", json_array_new ());
  root = json_node_init_object (json_node_alloc (), object);
  body = rk_compat_to_string (root, FALSE);
  quoted_body = g_shell_quote (body);

  g_string_append (out, quoted_url);
  g_string_append (out, " \\\n  -H 'content-type: application/json'");
  g_string_append (out, " \\\n  -H 'x-rivet-encoding: json'");
  if (conn_params != NULL && !JSON_NODE_HOLDS_NULL (conn_params))
    {
      g_autofree char *params = json_text (conn_params);
      g_autofree char *header = g_strdup_printf ("x-rivet-conn-params: %s", params);
      g_autofree char *quoted = g_shell_quote (header);

      g_string_append_printf (out, " \\\n  -H %s", quoted);
    }
  if (has_token)
    g_string_append (out, " \\\n  -H \"x-rivet-token: $RIVET_TOKEN\"");
  g_string_append_printf (out, " \\\n  --data-raw %s", quoted_body);

  return g_string_free (out, FALSE);
}
