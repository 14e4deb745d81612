/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults-client.c: RkClient's discovery, directory paging, tokens and
 * cancellation against a misbehaving server */

#include "config.h"

#include <string.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-error.h"
#include "rk-inspector.h"
#include "rk-server-info.h"
#include "rk-test-calls.h"
#include "rk-test-server.h"
#include "rk-test-util.h"

#define SECRET "s3cr3t-T0ken"
#define TOKEN_REPLY "{\"value\":\"dG9r\"}"   /* base64 of "tok" */

typedef struct
{
  RkTestServer *server;
  RkClient *client;
  RkInspector *inspector;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = rk_test_server_new ();
  f->client = rk_client_new (rk_test_server_get_url (f->server), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->inspector != NULL)
    rk_test_assert_finalized (g_steal_pointer (&f->inspector));
  rk_test_assert_finalized (g_steal_pointer (&f->client));
  rk_test_assert_finalized (g_steal_pointer (&f->server));
}

static GError *
run (Fixture    *f,
     const char *call)
{
  return rk_test_call_run (rk_test_call_lookup (call), f->client, f->inspector);
}

static GPtrArray *
list_actors (Fixture  *f,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rk_client_list_actors_async (f->client, "counter", NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  return rk_client_list_actors_finish (f->client, result, error);
}

static RkServerInfo *
probe (Fixture  *f,
       GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rk_client_probe_async (f->client, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  return rk_client_probe_finish (f->client, result, error);
}

static char *
actor_json (const char *id)
{
  return g_strdup_printf ("{\"actor_id\":\"%s\",\"name\":\"counter\",\"key\":\"%s\","
                          "\"create_ts\":1795485021072,\"connectable_ts\":1795485021077}",
                          id, id);
}

/* Discovery */

#define METADATA_2_2 \
  "{\"runtime\":\"rivetkit\",\"version\":\"2.2.1\",\"actorNames\":{\"counter\":{\"metadata\":{}}}}"

static void
test_metadata_fallback (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  g_autofree char *mounted = g_strconcat (rk_test_server_get_url (f->server), "/api/rivet", NULL);

  rk_test_server_add_route (f->server, "GET", "/api/rivet/metadata", 200, "application/json",
                            METADATA_2_2);
  rk_test_server_add_route (f->server, "GET", "/api/rivet/actors", 200, "application/json",
                            "{\"actors\":[]}");

  info = probe (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rk_server_info_get_flavour (info), ==, RK_SERVER_FLAVOUR_RIVETKIT);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/metadata"), ==, 1);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/api/rivet/metadata"), ==, 1);
  g_assert_cmpstr (rk_client_get_endpoint (f->client), ==, mounted);
  g_assert_cmpstr (rk_client_get_configured_endpoint (f->client), ==,
                   rk_test_server_get_url (f->server));

  /* Everything after the probe goes under the mount point */
  actors = list_actors (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/api/rivet/actors"), ==, 1);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/actors"), ==, 0);
}

static void
test_metadata_not_found (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;

  info = probe (f, &error);
  g_assert_null (info);
  g_assert_error (error, RK_ERROR, RK_ERROR_HTTP);
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 404);
  g_assert_nonnull (strstr (error->message, "Not Found (RivetKit)"));
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 2);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/api/rivet/metadata"), ==, 1);
  g_assert_cmpstr (rk_client_get_endpoint (f->client), ==, rk_test_server_get_url (f->server));
  g_assert_null (rk_client_get_server_info (f->client));
}

static void
add_metadata_pointing_at (Fixture    *f,
                          const char *runtime,
                          const char *client_endpoint,
                          const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"runtime\":\"%s\",\"version\":\"9.9.9\","
                                           "\"clientEndpoint\":\"%s\"%s}",
                                           runtime, client_endpoint, extra ? extra : "");

  rk_test_server_add_route (f->server, "GET", "/metadata", 200, "application/json", body);
}

static void
test_client_endpoint_followed (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(RkTestServer) other = rk_test_server_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  const RkTestRequest *request;

  add_metadata_pointing_at (f, "engine", rk_test_server_get_url (other),
                            ",\"clientNamespace\":\"prod\",\"clientToken\":\"" SECRET "\"");
  rk_test_server_add_fixture_route (other, "GET", "/actors/names", 200, "application/json",
                                    "manager-actors-names.json");
  rk_test_server_add_route (other, "GET", "/actors", 200, "application/json", "{\"actors\":[]}");

  info = probe (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rk_client_get_endpoint (f->client), ==, rk_test_server_get_url (other));
  g_assert_cmpstr (rk_client_get_namespace (f->client), ==, "prod");
  g_assert_nonnull (rk_server_info_find_actor_type (info, "counter"));

  actors = list_actors (f, &error);
  g_assert_no_error (error);

  /* Only the probe went to the configured endpoint */
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpuint (rk_test_server_count (other, "GET", "/actors/names"), ==, 1);
  g_assert_cmpuint (rk_test_server_count (other, "GET", "/actors"), ==, 1);

  request = rk_test_server_find (other, "GET", "/actors", 0);
  g_assert_cmpstr (request->query, ==, "name=counter&namespace=prod");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer " SECRET);
  /* The engine gets fresh connections (see _rk_client_send_async) */
  g_assert_true (soup_message_headers_header_contains (request->headers, "Connection", "close"));
}

static void
test_client_endpoint_not_followed (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(RkTestServer) other = rk_test_server_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;
  g_autoptr(GPtrArray) actors = NULL;

  add_metadata_pointing_at (f, "rivetkit", rk_test_server_get_url (other),
                            ",\"actorNames\":{\"counter\":{}}");
  rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json",
                            "{\"actors\":[]}");
  rk_client_set_follow_client_endpoint (f->client, FALSE);

  info = probe (f, &error);
  g_assert_no_error (error);
  actors = list_actors (f, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (rk_client_get_endpoint (f->client), ==, rk_test_server_get_url (f->server));
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/actors"), ==, 1);
  g_assert_cmpuint (rk_test_server_get_n_requests (other), ==, 0);
}

static void
test_client_endpoint_unusable (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;

  add_metadata_pointing_at (f, "rivetkit", "ftp://elsewhere:21/x?y=1",
                            ",\"actorNames\":{\"counter\":{}}");

  info = probe (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rk_client_get_endpoint (f->client), ==, rk_test_server_get_url (f->server));
}

/* Paging */

static void
page_same_forever_cb (RkTestServer        *server,
                      SoupServerMessage   *message,
                      const RkTestRequest *request,
                      gpointer             user_data)
{
  g_autofree char *actor = actor_json ("a1");
  g_autofree char *body = g_strdup_printf ("{\"actors\":[%s],\"pagination\":{\"cursor\":\"c1\"}}",
                                           actor);

  rk_test_server_respond (message, 200, "application/json", body);
}

static void
test_paging_same_cursor (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;

  rk_test_server_add_handler (f->server, "GET", "/actors", page_same_forever_cb, NULL);

  actors = list_actors (f, &error);
  g_assert_no_error (error);
  /* Page 2 repeats page 1 and its cursor: stop there, and do not list a1 twice */
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/actors"), ==, 2);
  g_assert_cmpuint (actors->len, ==, 1);
  g_assert_cmpstr (rk_actor_get_id (g_ptr_array_index (actors, 0)), ==, "a1");
}

static void
page_forever_cb (RkTestServer        *server,
                 SoupServerMessage   *message,
                 const RkTestRequest *request,
                 gpointer             user_data)
{
  guint *page = user_data;
  g_autofree char *id = g_strdup_printf ("a%u", *page);
  g_autofree char *actor = actor_json (id);
  g_autofree char *body = g_strdup_printf ("{\"actors\":[%s],\"pagination\":"
                                           "{\"cursor\":\"c%u\"}}", actor, *page);

  (*page)++;
  rk_test_server_respond (message, 200, "application/json", body);
}

static void
test_paging_forever (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  guint page = 0;

  rk_test_server_add_handler (f->server, "GET", "/actors", page_forever_cb, &page);

  actors = list_actors (f, &error);
  g_assert_null (actors);
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "pages"));
  g_assert_cmpuint (page, ==, rk_test_server_count (f->server, "GET", "/actors"));
  g_assert_cmpuint (page, >=, 100);
}

static void
test_paging_empty_last_page (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  g_autofree char *a1 = actor_json ("a1");
  g_autofree char *page1 = g_strdup_printf ("{\"actors\":[%s],\"pagination\":{\"cursor\":\"c1\"}}",
                                            a1);
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json",
                                    "{\"actors\":[],\"pagination\":{\"cursor\":\"c2\"}}");
  rk_test_route_set_query (route, "*cursor=c1*");
  rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json", page1);

  actors = list_actors (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actors->len, ==, 1);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/actors"), ==, 2);
}

static void
test_paging_second_page_fails (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  g_autofree char *a1 = actor_json ("a1");
  g_autofree char *page1 = g_strdup_printf ("{\"actors\":[%s],\"pagination\":{\"cursor\":\"c1\"}}",
                                            a1);
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, "GET", "/actors", 503, "text/plain",
                                    "upstream restarting");
  rk_test_route_set_query (route, "*cursor=c1*");
  rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json", page1);

  /* Half a list is not a list: the error wins */
  actors = list_actors (f, &error);
  g_assert_null (actors);
  g_assert_error (error, RK_ERROR, RK_ERROR_HTTP);
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 503);
}

/* Look-ups by id */

static void
ids_cb (RkTestServer        *server,
        SoupServerMessage   *message,
        const RkTestRequest *request,
        gpointer             user_data)
{
  g_autoptr(GHashTable) form = soup_form_decode (request->query ? request->query : "");
  const char *joined = g_hash_table_lookup (form, "actor_ids");
  g_auto(GStrv) ids = g_strsplit (joined ? joined : "", ",", -1);
  g_autoptr(GString) body = g_string_new ("{\"actors\":[");
  guint *fail_on = user_data;

  if (fail_on != NULL && request->index + 1 == *fail_on)
    {
      rk_test_server_respond (message, 500, "text/plain;charset=UTF-8",
                              "{\"group\":\"rivetkit\",\"code\":\"internal_error\","
                              "\"message\":\"Internal error\",\"metadata\":{}}");
      return;
    }

  if (g_strv_length (ids) > 32)
    {
      rk_test_server_respond (message, 400, "application/json",
                              "{\"error\":\"Too many actor IDs. Maximum is 32.\"}");
      return;
    }

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *actor = actor_json (ids[i]);

      g_string_append_printf (body, "%s%s", i > 0 ? "," : "", actor);
    }
  g_string_append (body, "]}");
  rk_test_server_respond (message, 200, "application/json", body->str);
}

static char **
make_ids (guint n)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **ids;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("id%02u", i);
      g_strv_builder_add (builder, id);
    }

  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

static GPtrArray *
get_by_ids (Fixture             *f,
            const char * const  *ids,
            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rk_client_get_actors_by_ids_async (f->client, ids, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  return rk_client_get_actors_by_ids_finish (f->client, result, error);
}

static void
test_ids_chunked (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) ids = make_ids (70);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  const guint expected[] = { 32, 32, 6 };

  rk_test_server_add_handler (f->server, "GET", "/actors", ids_cb, NULL);

  actors = get_by_ids (f, (const char * const *)ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const RkTestRequest *request = rk_test_server_get_request (f->server, i);
      g_autoptr(GHashTable) form = soup_form_decode (request->query);
      g_auto(GStrv) sent = g_strsplit (g_hash_table_lookup (form, "actor_ids"), ",", -1);

      g_assert_cmpuint (g_strv_length (sent), ==, expected[i]);
      g_assert_cmpstr (sent[0], ==, ids[i * 32]);
    }

  g_assert_cmpuint (actors->len, ==, 70);
  for (guint i = 0; i < 70; i++)
    g_assert_cmpstr (rk_actor_get_id (g_ptr_array_index (actors, i)), ==, ids[i]);
}

static void
test_ids_chunk_fails (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(GStrv) ids = make_ids (70);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  guint fail_on = 2;

  rk_test_server_add_handler (f->server, "GET", "/actors", ids_cb, &fail_on);

  actors = get_by_ids (f, (const char * const *)ids, &error);
  g_assert_null (actors);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_true (rk_error_matches (error, "rivetkit", "internal_error"));
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 2);
}

static void
test_ids_none (Fixture       *f,
               gconstpointer  data)
{
  const char *none[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;

  actors = get_by_ids (f, none, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actors->len, ==, 0);
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 0);
}

/* Destroy */

static void
test_destroy_after_probe (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;

  rk_test_server_add_route (f->server, "GET", "/metadata", 200, "application/json", METADATA_2_2);
  info = probe (f, &error);
  g_assert_no_error (error);

  error = run (f, "destroy-actor");
  g_assert_error (error, RK_ERROR, RK_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "RivetKit 2.2.1 cannot destroy actors"));
  g_assert_cmpuint (rk_test_server_count (f->server, "DELETE", NULL), ==, 0);
}

static void
test_destroy_without_probe (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* 2.2 has no DELETE route: its generic 404 */
  error = run (f, "destroy-actor");
  g_assert_error (error, RK_ERROR, RK_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (rk_test_server_count (f->server, "DELETE", "/actors/a1"), ==, 1);
}

static void
test_destroy_not_found (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The engine's 404 for an unknown actor is a RivetKit error, not "no such route" */
  rk_test_server_add_route (f->server, "DELETE", "/actors/a1", 404, "application/json",
                            "{\"group\":\"actor\",\"code\":\"not_found\","
                            "\"message\":\"The actor does not exist.\"}");
  error = run (f, "destroy-actor");
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_true (rk_error_matches (error, "actor", "not_found"));
}

/* Tokens */

static RkClient *
client_with_token (Fixture    *f,
                   const char *token)
{
  g_autoptr(GError) error = NULL;
  RkClient *client = rk_client_new (rk_test_server_get_url (f->server), NULL, token, &error);

  g_assert_no_error (error);
  return client;
}

static void
test_token_manager (Fixture       *f,
                    gconstpointer  data)
{
  static const char *calls[] = { "list-actors", "list-actor-types", "create-actor",
                                 "destroy-actor", "get-inspector-token", "probe" };

  g_clear_object (&f->client);
  f->client = client_with_token (f, SECRET);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      const RkTestCall *call = rk_test_call_lookup (calls[i]);
      g_autoptr(GError) error = run (f, calls[i]);
      const RkTestRequest *request = rk_test_server_find (f->server, call->method, call->path, 0);

      g_assert_nonnull (request);
      g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                       "Bearer " SECRET);
      g_assert_null (strstr (request->path, SECRET));
      g_assert_nonnull (strstr (request->query, "namespace=default"));
      rk_test_assert_no_secret (error, SECRET);
    }
}

static void
test_token_gateway (Fixture       *f,
                    gconstpointer  data)
{
  static const char *calls[] = { "action", "queue-send", "raw-request", "wake-actor" };
  const char *token = "tok/en+" SECRET;

  g_clear_object (&f->client);
  f->client = client_with_token (f, token);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      const RkTestCall *call = rk_test_call_lookup (calls[i]);
      g_autoptr(GError) error = run (f, calls[i]);
      const RkTestRequest *request = rk_test_server_find (f->server, call->method, call->path, 0);
      g_autofree char *prefix = g_strconcat ("/gateway/a1@", token, "/", NULL);

      g_assert_nonnull (request);
      g_assert_true (g_str_has_prefix (request->path, prefix));
      g_assert_cmpstr (soup_message_headers_get_one (request->headers, "x-rivet-token"), ==, token);
      g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));
      rk_test_assert_no_secret (error, SECRET);
    }
}

/* Answers everything with an error that quotes the request, as some
 * proxies and frameworks do. */
static void
echo_error_cb (RkTestServer        *server,
               SoupServerMessage   *message,
               const RkTestRequest *request,
               gpointer             user_data)
{
  guint *status = user_data;
  g_autoptr(GString) body = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  g_string_append_printf (body, "Cannot %s %s?%s", request->method, request->path,
                          request->query ? request->query : "");
  soup_message_headers_iter_init (&iter, request->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (body, "\n%s: %s", name, value);

  rk_test_server_respond (message, *status, "text/plain", body->str);
}

static void
echo_close_cb (RkTestServer        *server,
               SoupServerMessage   *message,
               const RkTestRequest *request,
               gpointer             user_data)
{
  g_autofree char *body = g_strdup_printf ("{\"group\":\"user\",\"code\":\"bad\","
                                           "\"message\":\"no route for %s\","
                                           "\"metadata\":{\"path\":\"%s\"}}",
                                           request->path, request->path);

  rk_test_server_respond (message, 400, "text/plain;charset=UTF-8", body);
}

static void
test_token_never_in_errors (Fixture       *f,
                            gconstpointer  data)
{
  static const guint statuses[] = { 404, 401, 500 };
  guint status = 0;
  RkTestRoute *route;

  g_clear_object (&f->client);
  f->client = client_with_token (f, SECRET);
  f->inspector = rk_inspector_new (f->client, RK_TEST_ACTOR_ID);

  /* Plain-text bodies that quote the path, query and headers */
  route = rk_test_server_add_handler (f->server, NULL, "*", echo_error_cb, &status);
  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    {
      status = statuses[s];
      for (guint i = 0; i < rk_test_n_calls; i++)
        {
          g_autoptr(GError) error = rk_test_call_run (&rk_test_calls[i], f->client, f->inspector);

          /* A raw request hands any reply back as it is */
          g_assert_true ((error == NULL) == (rk_test_calls[i].kind == RK_TEST_CALL_RAW_REQUEST));
          rk_test_assert_no_secret (error, SECRET);
        }
    }
  rk_test_route_set_times (route, rk_test_route_get_hits (route));

  /* RivetKit errors whose message and metadata quote the path */
  route = rk_test_server_add_handler (f->server, NULL, "*", echo_close_cb, NULL);
  for (guint i = 0; i < rk_test_n_calls; i++)
    {
      g_autoptr(GError) error = rk_test_call_run (&rk_test_calls[i], f->client, f->inspector);
      JsonNode *metadata = NULL;
      g_autofree char *text = NULL;

      g_assert_true ((error == NULL) == (rk_test_calls[i].kind == RK_TEST_CALL_RAW_REQUEST));
      metadata = rk_error_get_metadata (error);
      text = metadata ? json_to_string (metadata, FALSE) : NULL;
      rk_test_assert_no_secret (error, SECRET);
      g_assert_true (text == NULL || strstr (text, SECRET) == NULL);
    }

  /* Transport failures */
  rk_test_server_stop (f->server);
  for (guint i = 0; i < rk_test_n_calls; i++)
    {
      g_autoptr(GError) error = rk_test_call_run (&rk_test_calls[i], f->client, f->inspector);

      g_assert_error (error, RK_ERROR, RK_ERROR_UNREACHABLE);
      rk_test_assert_no_secret (error, SECRET);
    }
}

static void
test_token_bad_endpoint (Fixture       *f,
                         gconstpointer  data)
{
  static const char *endpoints[] = {
    "http://ns:" SECRET "@%zz/",
    "http://ns:" SECRET "@[::1",
    "ftp://ns:" SECRET "@example.com",
    "http://ns:" SECRET "@example.com/?q=1",
    "http://:" SECRET "@example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RkClient) client = rk_client_new (endpoints[i], NULL, NULL, &error);

      g_assert_null (client);
      g_assert_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s", error->message);
      rk_test_assert_no_secret (error, SECRET);
    }
}

/* Cancellation */

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  const RkTestCall *call = data;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GObject *source;
  RkTestRoute *route;

  if (call->inspector)
    {
      f->inspector = rk_inspector_new (f->client, RK_TEST_ACTOR_ID);
      rk_test_server_add_route (f->server, "GET", "/actors/a1/kv/keys/*", 200, "application/json",
                                TOKEN_REPLY);
    }
  source = call->inspector ? G_OBJECT (f->inspector) : G_OBJECT (f->client);

  route = rk_test_server_add_route (f->server, call->method, call->path, 200, NULL, NULL);
  rk_test_route_set_fault (route, RK_TEST_FAULT_HANG);

  rk_test_call_start (call, f->client, f->inspector, cancellable, rk_test_store_result_cb,
                      &result);
  rk_test_wait_for (rk_test_route_get_hits (route) == 1);
  g_assert_null (result);

  g_cancellable_cancel (cancellable);
  rk_test_wait_result (&result);
  g_assert_false (rk_test_call_finish (call, source, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Nothing more goes out after the cancellation */
  rk_test_run_for (50);
  g_assert_cmpuint (rk_test_route_get_hits (route), ==, 1);
}

static void
test_cancel_before_start (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  f->inspector = rk_inspector_new (f->client, RK_TEST_ACTOR_ID);
  g_cancellable_cancel (cancellable);

  for (guint i = 0; i < rk_test_n_calls; i++)
    {
      const RkTestCall *call = &rk_test_calls[i];
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      GObject *source = call->inspector ? G_OBJECT (f->inspector) : G_OBJECT (f->client);

      rk_test_call_start (call, f->client, f->inspector, cancellable, rk_test_store_result_cb,
                          &result);
      rk_test_wait_result (&result);
      g_assert_false (rk_test_call_finish (call, source, result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }

  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rk/faults/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("metadata/api-rivet-fallback", test_metadata_fallback);
  ADD ("metadata/not-found", test_metadata_not_found);
  ADD ("client-endpoint/followed", test_client_endpoint_followed);
  ADD ("client-endpoint/not-followed", test_client_endpoint_not_followed);
  ADD ("client-endpoint/unusable", test_client_endpoint_unusable);
  ADD ("paging/same-cursor-forever", test_paging_same_cursor);
  ADD ("paging/pages-forever", test_paging_forever);
  ADD ("paging/empty-last-page", test_paging_empty_last_page);
  ADD ("paging/second-page-fails", test_paging_second_page_fails);
  ADD ("ids/70-in-3-requests", test_ids_chunked);
  ADD ("ids/second-chunk-fails", test_ids_chunk_fails);
  ADD ("ids/none", test_ids_none);
  ADD ("destroy/2.2-after-probe", test_destroy_after_probe);
  ADD ("destroy/2.2-without-probe", test_destroy_without_probe);
  ADD ("destroy/engine-not-found", test_destroy_not_found);
  ADD ("token/manager-bearer", test_token_manager);
  ADD ("token/gateway-path-and-header", test_token_gateway);
  ADD ("token/never-in-errors", test_token_never_in_errors);
  ADD ("token/bad-endpoint-url", test_token_bad_endpoint);
  ADD ("cancel/before-start", test_cancel_before_start);

  for (guint i = 0; i < rk_test_n_calls; i++)
    {
      g_autofree char *path = g_strconcat ("/rk/faults/client/cancel/", rk_test_calls[i].name,
                                           NULL);

      g_test_add (path, Fixture, &rk_test_calls[i], fixture_setup, test_cancel, fixture_teardown);
    }

  return g_test_run ();
}
