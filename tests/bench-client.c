/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-client.c: the RivetKit client library against a live server (a tool, not a test)
 *
 * Used by build-aux/bench; each mode prints one line of "key=value" results.
 *
 *   bench-client actions ENDPOINT stateless|connection|floor N
 *       N sequential calls of counter.getCount (key "bench"): RkClient over HTTP, one open
 *       RkConnection, or a bare keep-alive libsoup POST of the same action (the floor).
 *       Prints p50_us, p99_us, calls_per_s.
 *   bench-client ingest ENDPOINT N SIZE
 *       storm.burst (N, SIZE) to one subscribed RkConnection attached to an RkEventLog;
 *       prints events_per_s from the call until N events are in the log, and the CPU
 *       time this process spent meanwhile: cpu_us_per_event, busy_pct (CPU ÷ wall time;
 *       near 100 means the client, not the server, set the pace).
 *   bench-client ingest-raw ENDPOINT N SIZE
 *       the same burst to a bare libsoup WebSocket that counts the Event frames without
 *       decoding them: libsoup's own share of the receive path (the C floor). Same keys.
 *   bench-client list ENDPOINT NAME
 *       loads an RkActorList of NAME; prints n, load_ms, filter_ms (substring over keys)
 *       and reload_ms (a second refresh of the loaded list). Each refresh is split into
 *       the server's part, *_http_ms (request sent until its whole body is read, summed
 *       over the pages, as RkClient logs it), and the client's part, *_client_ms (the
 *       rest: JSON parse, RkActor records, merge into the model); with pages and bytes.
 *       floor_ms is a bare libsoup GET of the same pages right after (no parse): what
 *       the server alone takes, in the same run.
 *   bench-client load ENDPOINT SECONDS
 *       opens counter "bench" as the app does (RkInspector started, one RkConnection,
 *       RkActorList refreshing every 5 s) and keeps it open for SECONDS.
 *
 * Build it optimised: the numbers of a debug build say little.
 */

#define G_LOG_DOMAIN "bench-client"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <libsoup/soup.h>

#include "rk-actor.h"
#include "rk-actor-list.h"
#include "rk-client.h"
#include "rk-connection.h"
#include "rk-event-log.h"
#include "rk-inspector.h"

/* The sidebar's default refresh-interval (lens-endpoint-sidebar.c) */
#define LIST_REFRESH_SECONDS 5

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return wait->result;
}

static G_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-client: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static RkActor *
get_actor (RkClient   *client,
           const char *name)
{
  const char *key[] = { "bench", NULL };
  Wait wait = { NULL };
  g_autoptr(GError) error = NULL;
  RkActor *actor;

  rk_client_get_or_create_actor_async (client, name, key, NULL, NULL, wait_cb, &wait);
  actor = rk_client_get_or_create_actor_finish (client, wait_for (&wait), NULL, &error);
  g_object_unref (wait.result);
  if (actor == NULL)
    die ("get-or-create", error);

  return actor;
}

static RkConnection *
open_connection (RkClient   *client,
                 const char *actor_id)
{
  RkConnection *connection = rk_connection_new (client, actor_id, NULL);

  rk_connection_open (connection);
  while (rk_connection_get_status (connection) != RK_CONNECTION_STATUS_CONNECTED)
    {
      if (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_FAILED)
        die ("connect", NULL);
      g_main_context_iteration (NULL, TRUE);
    }

  return connection;
}

/* CPU time of this process (user + system), in µs */
static gint64
cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* events, events_per_s, cpu_us_per_event and busy_pct of a receive window */
static void
print_rate (guint  got,
            gint64 wall_us,
            gint64 cpu_us)
{
  printf ("events=%u events_per_s=%.0f cpu_us_per_event=%.2f busy_pct=%.0f", got,
          got / (wall_us / (double)G_USEC_PER_SEC), got > 0 ? cpu_us / (double)got : 0.0,
          100.0 * cpu_us / MAX (wall_us, 1));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* Mode: actions */

static gboolean
floor_call (SoupSession *session,
            const char  *url,
            GError     **error)
{
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"args\":[]}", 11);
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_append (soup_message_get_request_headers (message),
                               "x-rivet-encoding", "json");
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  reply = soup_session_send_and_read (session, message, NULL, error);
  if (reply == NULL)
    return FALSE;
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "HTTP %u from %s",
                   soup_message_get_status (message), url);
      return FALSE;
    }
  return TRUE;
}

static int
run_actions (RkClient   *client,
             const char *mode,
             guint       n)
{
  g_autoptr(RkActor) actor = get_actor (client, "counter");
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = NULL;
  g_autofree gint64 *times = g_new (gint64, n);
  gint64 start;
  double total_s;

  if (g_str_equal (mode, "connection"))
    connection = open_connection (client, rk_actor_get_id (actor));
  else if (g_str_equal (mode, "floor"))
    {
      session = soup_session_new ();
      url = g_strdup_printf ("%s/gateway/%s/action/getCount", rk_client_get_endpoint (client),
                             rk_actor_get_id (actor));
    }
  else if (!g_str_equal (mode, "stateless"))
    {
      g_printerr ("bench-client: unknown actions mode “%s”\n", mode);
      return 2;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GError) error = NULL;

      if (session != NULL)
        {
          if (!floor_call (session, url, &error))
            die ("floor call", error);
        }
      else
        {
          Wait wait = { NULL };
          g_autoptr(JsonNode) reply = NULL;

          if (connection != NULL)
            {
              rk_connection_action_async (connection, "getCount", NULL, NULL, wait_cb, &wait);
              reply = rk_connection_action_finish (connection, wait_for (&wait), &error);
            }
          else
            {
              rk_client_action_async (client, rk_actor_get_id (actor), "getCount", NULL, NULL,
                                      NULL, wait_cb, &wait);
              reply = rk_client_action_finish (client, wait_for (&wait), &error);
            }
          g_object_unref (wait.result);
          if (reply == NULL)
            die ("getCount", error);
        }
      times[i] = g_get_monotonic_time () - t0;
    }
  total_s = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

  qsort (times, n, sizeof *times, compare_gint64);
  printf ("p50_us=%" G_GINT64_FORMAT " p99_us=%" G_GINT64_FORMAT " calls_per_s=%.0f\n",
          times[n / 2], times[MIN (n - 1, (guint)(n * 0.99))], n / total_s);

  if (connection != NULL)
    rk_connection_close (connection);
  return 0;
}

/* Mode: ingest */

static void
count_event_cb (RkConnection *connection,
                const char   *name,
                JsonNode     *args,
                gpointer      user_data)
{
  guint *count = user_data;

  (*count)++;
}

static int
run_ingest (RkClient *client,
            guint     n,
            guint     size)
{
  g_autoptr(RkActor) actor = get_actor (client, "storm");
  g_autoptr(RkConnection) connection = open_connection (client, rk_actor_get_id (actor));
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(JsonNode) args = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  gint64 start, cpu_start, deadline;
  guint got = 0;

  /* Connected after the log's own handler: an event counted here is in the log */
  rk_event_log_attach (log, connection, "bench");
  g_signal_connect (connection, "event", G_CALLBACK (count_event_cb), &got);
  rk_connection_subscribe (connection, "tick");
  /* Subscribe goes out as an action; a getCount-like round trip makes sure it landed */
  args = json_from_string ("[1, 1]", NULL);
  rk_connection_action_async (connection, "burst", args, NULL, wait_cb, &wait);
  reply = rk_connection_action_finish (connection, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_clear_pointer (&reply, json_node_unref);
  if (error != NULL)
    die ("burst", error);
  while (got < 1)
    g_main_context_iteration (NULL, TRUE);
  got = 0;

  g_clear_pointer (&args, json_node_unref);
  args = json_node_init_array (json_node_alloc (), json_array_new ());
  json_array_add_int_element (json_node_get_array (args), n);
  json_array_add_int_element (json_node_get_array (args), size);

  start = g_get_monotonic_time ();
  cpu_start = cpu_time_us ();
  deadline = start + 120 * G_USEC_PER_SEC;
  rk_connection_action_async (connection, "burst", args, NULL, wait_cb, &wait);
  while (got < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  rk_event_log_flush (log);
  print_rate (got, g_get_monotonic_time () - start, cpu_time_us () - cpu_start);
  printf (" logged=%u\n", rk_event_log_get_n_events (log));
  wait_for (&wait);
  g_clear_object (&wait.result);

  rk_event_log_detach (log, connection);
  rk_connection_close (connection);
  return got == n ? 0 : 1;
}

/* Mode: ingest-raw */

typedef struct
{
  SoupWebsocketConnection *socket;
  guint phase;                  /* 0: before Init, 1: warming up, 2: the burst */
  guint n;
  guint size;
  guint got;
  gint64 start;
  gint64 cpu_start;
  gint64 end;
  gint64 cpu_end;
} Raw;

static void
raw_send_burst (Raw   *raw,
                guint  id,
                guint  n,
                guint  size)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\","
                          "\"%u\"],\"name\":\"burst\",\"args\":[%u,%u]}}}", id, n, size);
  soup_websocket_connection_send_text (raw->socket, text);
}

/* Counts Event frames by their first bytes, as RivetKit 2.2 writes them */
static void
raw_message_cb (SoupWebsocketConnection *socket,
                int                      type,
                GBytes                  *message,
                gpointer                 user_data)
{
  static const char prefix[] = "{\"body\":{\"tag\":\"Event\"";
  Raw *raw = user_data;
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);
  gboolean is_event = data != NULL && len >= sizeof prefix - 1 &&
                      memcmp (data, prefix, sizeof prefix - 1) == 0;

  switch (raw->phase)
    {
    case 0:
      /* Init: subscribe, then a burst of one makes sure the subscription landed */
      soup_websocket_connection_send_text (socket, "{\"body\":{\"tag\":\"SubscriptionRequest\","
                                           "\"val\":{\"eventName\":\"tick\","
                                           "\"subscribe\":true}}}");
      raw_send_burst (raw, 0, 1, 1);
      raw->phase = 1;
      break;

    case 1:
      if (is_event)
        break;
      raw->phase = 2;
      raw->start = g_get_monotonic_time ();
      raw->cpu_start = cpu_time_us ();
      raw_send_burst (raw, 1, raw->n, raw->size);
      break;

    default:
      if (is_event && ++raw->got == raw->n)
        {
          raw->end = g_get_monotonic_time ();
          raw->cpu_end = cpu_time_us ();
        }
    }
}

static int
run_ingest_raw (RkClient *client,
                guint     n,
                guint     size)
{
  const char *protocols[] = { "rivet", "rivet_encoding.json", NULL };
  g_autoptr(RkActor) actor = get_actor (client, "storm");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = g_uri_escape_string (rk_actor_get_id (actor), NULL, FALSE);
  g_autofree char *url = NULL;
  Wait wait = { NULL };
  Raw raw = { NULL };
  gint64 deadline;

  url = g_strdup_printf ("%s/gateway/%s/connect", rk_client_get_endpoint (client), escaped);
  message = soup_message_new ("GET", url);
  soup_session_websocket_connect_async (session, message, NULL, (char **)protocols,
                                        G_PRIORITY_DEFAULT, NULL, wait_cb, &wait);
  raw.socket = soup_session_websocket_connect_finish (session, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  if (raw.socket == NULL)
    die ("WebSocket", error);
  soup_websocket_connection_set_max_incoming_payload_size (raw.socket, 64 * 1024 * 1024);

  raw.n = n;
  raw.size = size;
  g_signal_connect (raw.socket, "message", G_CALLBACK (raw_message_cb), &raw);

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (raw.end == 0 && g_get_monotonic_time () < deadline &&
         soup_websocket_connection_get_state (raw.socket) == SOUP_WEBSOCKET_STATE_OPEN)
    g_main_context_iteration (NULL, TRUE);
  if (raw.end == 0)
    {
      raw.end = g_get_monotonic_time ();
      raw.cpu_end = cpu_time_us ();
    }

  print_rate (raw.got, raw.end - MAX (raw.start, 1), raw.cpu_end - raw.cpu_start);
  printf ("\n");

  soup_websocket_connection_close (raw.socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  while (soup_websocket_connection_get_state (raw.socket) != SOUP_WEBSOCKET_STATE_CLOSED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (raw.socket);
  return raw.got == n ? 0 : 1;
}

/* Mode: list */

typedef struct
{
  guint pages;
  guint64 bytes;
  double ms;
} Pages;

/* RkClient logs every reply at debug level, "GET URL → 200 (N bytes, T ms)"; a handler of
 * its own gets them whatever G_MESSAGES_DEBUG says. Other messages are dropped. */
static void
page_log_cb (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  Pages *pages = user_data;
  const char *reply = strstr (message, " → ");
  guint64 bytes;
  double ms;

  if (reply == NULL || strstr (message, "/actors?") == NULL)
    return;

  if (sscanf (reply, " → %*u (%" G_GUINT64_FORMAT " bytes, %lf ms)", &bytes, &ms) == 2)
    {
      pages->pages++;
      pages->bytes += bytes;
      pages->ms += ms;
    }
}

static gint64
refresh_list (RkActorList *list,
              Pages       *pages)
{
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  gint64 t0 = g_get_monotonic_time ();

  *pages = (Pages) { 0 };
  rk_actor_list_refresh_async (list, NULL, wait_cb, &wait);
  if (!rk_actor_list_refresh_finish (list, wait_for (&wait), &error))
    die ("list", error);
  g_clear_object (&wait.result);

  return g_get_monotonic_time () - t0;
}

/* The floor: the same pages with a bare libsoup GET, bodies read and dropped */
static double
floor_list_ms (RkClient   *client,
               const char *name)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *cursor = NULL;
  gint64 total = 0;

  for (guint page = 0; page < 2000; page++)
    {
      g_autofree char *escaped_cursor = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *url = g_strdup_printf ("%s/actors?name=%s%s%s&namespace=default",
                                              rk_client_get_endpoint (client), escaped,
                                              cursor ? "&cursor=" : "",
                                              cursor ? escaped_cursor : "");
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      const char *text;
      const char *found;
      gsize len;
      gint64 t0 = g_get_monotonic_time ();

      body = soup_session_send_and_read (session, message, NULL, &error);
      total += g_get_monotonic_time () - t0;
      if (body == NULL)
        die ("floor GET", error);

      /* 2.3 pages with pagination.cursor; 2.2 answers in one go */
      g_clear_pointer (&cursor, g_free);
      text = g_bytes_get_data (body, &len);
      found = text != NULL ? g_strstr_len (text, len, "\"cursor\":\"") : NULL;
      if (found != NULL)
        {
          const char *value = found + strlen ("\"cursor\":\"");
          const char *quote = memchr (value, '"', len - (value - text));

          if (quote != NULL && quote > value)
            cursor = g_strndup (value, quote - value);
        }
      if (cursor == NULL)
        break;
    }

  return total / 1000.0;
}

static int
run_list (RkClient   *client,
          const char *name)
{
  g_autoptr(RkActorList) list = rk_actor_list_new (client, name);
  Pages load, reload;
  gint64 load_us, reload_us, t1, t2;
  guint n, matches = 0;
  guint handler;

  handler = g_log_set_handler ("rk-client", G_LOG_LEVEL_DEBUG, page_log_cb, &load);
  load_us = refresh_list (list, &load);
  g_log_remove_handler ("rk-client", handler);
  t1 = g_get_monotonic_time ();

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  /* What the sidebar's search does: a case-folded substring of the key */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RkActor) actor = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *folded = g_utf8_casefold (rk_actor_get_serialized_key (actor), -1);

      if (strstr (folded, "k-0012") != NULL)
        matches++;
    }
  t2 = g_get_monotonic_time ();

  /* What auto-refresh does every few seconds */
  handler = g_log_set_handler ("rk-client", G_LOG_LEVEL_DEBUG, page_log_cb, &reload);
  reload_us = refresh_list (list, &reload);
  g_log_remove_handler ("rk-client", handler);

  printf ("n=%u load_ms=%.1f load_http_ms=%.1f load_client_ms=%.1f pages=%u bytes=%"
          G_GUINT64_FORMAT " filter_ms=%.2f matches=%u reload_ms=%.1f reload_http_ms=%.1f "
          "reload_client_ms=%.1f floor_ms=%.1f\n",
          n, load_us / 1000.0, load.ms, load_us / 1000.0 - load.ms, load.pages, load.bytes,
          (t2 - t1) / 1000.0, matches, reload_us / 1000.0, reload.ms,
          reload_us / 1000.0 - reload.ms, floor_list_ms (client, name));
  return 0;
}

/* Mode: load */

static int
run_load (RkClient *client,
          guint     seconds)
{
  g_autoptr(RkActor) actor = get_actor (client, "counter");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(RkActorList) list = rk_actor_list_new (client, "counter");
  guint64 before = rk_client_get_request_count (client);
  gint64 end;

  rk_inspector_start (inspector);
  connection = open_connection (client, rk_actor_get_id (actor));
  rk_actor_list_set_auto_refresh (list, LIST_REFRESH_SECONDS);
  rk_actor_list_refresh_async (list, NULL, NULL, NULL);

  /* The proxy counts from here */
  printf ("open\n");
  fflush (stdout);

  end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  printf ("client_requests=%" G_GUINT64_FORMAT "\n",
          rk_client_get_request_count (client) - before);
  rk_inspector_stop (inspector);
  rk_connection_close (connection);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RkClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 4)
    {
      g_printerr ("usage: bench-client actions|ingest|ingest-raw|list|load ENDPOINT ARGS…\n");
      return 2;
    }

  client = rk_client_new (argv[2], NULL, NULL, &error);
  if (client == NULL)
    die ("client", error);

  if (g_str_equal (argv[1], "actions") && argc == 5)
    return run_actions (client, argv[3], (guint)atoi (argv[4]));
  if (g_str_equal (argv[1], "ingest") && argc == 5)
    return run_ingest (client, (guint)atoi (argv[3]), (guint)atoi (argv[4]));
  if (g_str_equal (argv[1], "ingest-raw") && argc == 5)
    return run_ingest_raw (client, (guint)atoi (argv[3]), (guint)atoi (argv[4]));
  if (g_str_equal (argv[1], "list"))
    return run_list (client, argv[3]);
  /* Stay on ENDPOINT: in front of the server may be build-aux/bench's counting proxy */
  rk_client_set_follow_client_endpoint (client, FALSE);

  if (g_str_equal (argv[1], "load"))
    return run_load (client, (guint)atoi (argv[3]));

  g_printerr ("bench-client: unknown mode “%s”\n", argv[1]);
  return 2;
}
