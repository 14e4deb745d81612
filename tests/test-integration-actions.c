/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-integration-actions.c: the protocol library against a real RivetKit server
 * (2.2.x or 2.3.x, chosen by RK_TEST_SERVER): stateless actions and raw handlers */

#define G_LOG_DOMAIN "test-integration"

#include "config.h"

#include <string.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-integration-common.h"
#include "rk-test-util.h"

static RkClient *client;

/* Stateless actions */

static void
test_action (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counter");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;

  first = rk_it_call_action (rk_actor_get_id (actor), "increment", "[5]", NULL, &error);
  g_assert_no_error (error);
  rk_it_assert_json (first, "5");

  second = rk_it_call_action (rk_actor_get_id (actor), "increment", "[2]", NULL, &error);
  g_assert_no_error (error);
  rk_it_assert_json (second, "7");
}

static void
test_action_conn_params (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("chatRoom");
  const char *params_json = "{\"username\":\"alice\"}";
  g_autoptr(JsonNode) params = rk_test_json (params_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) who = NULL;
  g_autoptr(JsonNode) expected = rk_compat_from_plain (params);
  JsonObject *object;

  who = rk_it_call_action (rk_actor_get_id (actor), "whoami", "[]", params_json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (who));
  object = json_node_get_object (who);
  g_assert_true (rk_compat_equal (json_object_get_member (object, "params"), expected));
}

static void
test_action_errors (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("thrower");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  JsonNode *metadata;

  output = rk_it_call_action (rk_actor_get_id (actor), "userErrorMeta", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "custom_code");
  g_assert_nonnull (strstr (error->message, "custom failure"));
  /* Measured: 2.2 answers a UserError with 400, 2.3.19 with 500. */
  g_assert_cmpuint (rk_error_get_http_status (error), ==, rk_it_is_engine () ? 500 : 400);
  metadata = rk_error_get_metadata (error);
  g_assert_nonnull (metadata);
  rk_it_assert_json (metadata, "{\"a\":1,\"nested\":{\"list\":[1,\"two\"]}}");
  g_clear_error (&error);

  output = rk_it_call_action (rk_actor_get_id (actor), "boom", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "rivetkit", "internal_error"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 500);
  g_clear_error (&error);

  output = rk_it_call_action (rk_actor_get_id (actor), "doesNotExist", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "action", "not_found"));
  g_clear_error (&error);

  /* The unknown actor: 400 on 2.2, 404 on 2.3, same group and code. */
  output = rk_it_call_action ("0000000000000000", "increment", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_nonnull (error);
  g_assert_true (error->domain == RK_ERROR);
}

static void
test_action_special_values (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("thrower");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *object;

  output = rk_it_call_action (rk_actor_get_id (actor), "specials", "[]", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (output));
  object = json_node_get_object (output);

  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (object, "big")), ==,
                   RK_VALUE_KIND_BIGINT);
  g_assert_cmpstr (rk_compat_get_bigint (json_object_get_member (object, "big")), ==,
                   "12345678901234567890");
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (object, "bytes")), ==,
                   RK_VALUE_KIND_UINT8ARRAY);
  bytes = rk_compat_dup_bytes (json_object_get_member (object, "bytes"));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "\1\2\3", 3);
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (object, "ab")), ==,
                   RK_VALUE_KIND_ARRAYBUFFER);

  /* A user array that looks like a tag comes back as that array. */
  {
    JsonNode *dollar = json_object_get_member (object, "dollar");
    g_autoptr(JsonNode) first = rk_compat_dup_element (dollar, 0);

    g_assert_cmpstr (json_node_get_string (first), ==, "$foo");
  }

  /* Round trip: BigInt and bytes sent as arguments come back intact. */
  {
    g_autoptr(JsonNode) args = json_node_init_array (json_node_alloc (), json_array_new ());
    g_autoptr(JsonNode) echoed = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    JsonArray *array = json_node_get_array (args);

    json_array_add_element (array, rk_compat_new_bigint ("98765432109876543210"));
    json_array_add_element (array, json_node_copy (json_object_get_member (object, "dollar")));
    rk_client_action_async (client, rk_actor_get_id (actor), "echo", args, NULL, NULL,
                            rk_test_store_result_cb, &result);
    rk_test_wait_result (&result);
    echoed = rk_client_action_finish (client, result, &error);
    g_assert_no_error (error);
    g_assert_true (rk_compat_equal (echoed, args));
  }
}

/* Raw handlers */

static void
test_raw_request (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("raw");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GBytes) body = g_bytes_new_static ("payload", 7);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkRawResponse) response = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *object;

  soup_message_headers_append (headers, "x-custom", "hello");
  soup_message_headers_set_content_type (headers, "text/plain", NULL);
  rk_client_raw_request_async (client, rk_actor_get_id (actor), "post", "/foo/bar?x=1",
                               headers, body, NULL, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  response = rk_client_raw_request_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_raw_response_get_status (response), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (rk_raw_response_get_headers (response),
                                                 "x-from-actor"), ==, "raw");

  reply = json_from_string (g_bytes_get_data (rk_raw_response_get_body (response), NULL), &error);
  g_assert_no_error (error);
  object = json_node_get_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/foo/bar");
  g_assert_cmpstr (json_object_get_string_member (object, "search"), ==, "?x=1");
  g_assert_cmpstr (json_object_get_string_member (object, "body"), ==, "payload");
}

static void
raw_message_cb (SoupWebsocketConnection *socket,
                int                      type,
                GBytes                  *message,
                GPtrArray               *frames)
{
  g_ptr_array_add (frames, g_strndup (g_bytes_get_data (message, NULL),
                                      g_bytes_get_size (message)));
}

static void
test_raw_websocket (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("raw");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) socket = NULL;
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);

  rk_client_raw_websocket_async (client, rk_actor_get_id (actor), "/chat?room=1", NULL, NULL,
                                 NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  socket = rk_client_raw_websocket_finish (client, result, &error);
  g_assert_no_error (error);
  g_signal_connect (socket, "message", G_CALLBACK (raw_message_cb), frames);

  rk_test_wait_for (frames->len >= 1);
  g_assert_cmpstr (g_ptr_array_index (frames, 0), ==, "{\"hello\":true}");
  soup_websocket_connection_send_text (socket, "hi");
  rk_test_wait_for (frames->len >= 2);
  g_assert_cmpstr (g_ptr_array_index (frames, 1), ==, "echo:hi");
  soup_websocket_connection_close (socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  client = rk_it_init_from_env (&argc, &argv);

  g_test_add_func ("/rk/integration/action", test_action);
  g_test_add_func ("/rk/integration/action-conn-params", test_action_conn_params);
  g_test_add_func ("/rk/integration/action-errors", test_action_errors);
  g_test_add_func ("/rk/integration/action-special-values", test_action_special_values);
  g_test_add_func ("/rk/integration/raw-request", test_raw_request);
  g_test_add_func ("/rk/integration/raw-websocket", test_raw_websocket);

  return rk_it_run ();
}
