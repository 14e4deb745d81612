/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-a11y.c: the whole app through the real accessibility tree (AT-SPI)
 *
 * Starts a real RivetKit server (RK_TEST_SERVER, 2.2 by default) and a real
 * `actor-lens ENDPOINT --actor counter/KEY` process with GTK's AT-SPI
 * backend, then reads that process's tree with libatspi, as a screen reader
 * does: the sidebar and every page (Overview, State, Actions, Connections,
 * Events, Raw, and Queue in a second process opened on a `jobs` actor), the
 * popovers, the connect window, the New Actor dialog and the preferences
 * window. All of them are opened through the tree too: "click" on page tabs,
 * buttons and menu items, and the window's own actions.
 *
 * On each, every control on screen must have an accessible name (its own,
 * or one GTK derives from what labels it) and every list row must expose
 * text (its name, or a label in it). GTK 4.8 names a nameless widget after
 * its type ("GtkButton"): such a name counts as none. Offenders are listed
 * as `ROLE "NAME" PATH (PROBLEM)`, PATH naming the ancestors by name, or by
 * widget type where they have none.
 *
 * Needs a display and an accessibility bus: run under xvfb-run and
 * tests/run-with-a11y (a private D-Bus session with the AT-SPI bus and
 * registry). Without them every case skips. The app is $ACTOR_LENS, else
 * $G_TEST_BUILDDIR/../src/actor-lens. Run with -k: a case that finds
 * offenders fails and the others still run. RK_TEST_A11Y_DUMP=1 prints
 * every tree checked.
 */

#define G_LOG_DOMAIN "test-a11y"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-connection.h"

#include "rk-real-server.h"
#include "rk-test-a11y.h"
#include "rk-test-util.h"

#define APP_TIMEOUT_MS 60000

typedef struct
{
  GSubprocess *process;
  gboolean exited;
  AtspiAccessible *app;
  AtspiAccessible *window;
} App;

static RkRealServer *server;
static RkClient *client;
static RkActor *counter;
static char *counter_key;
static RkConnection *connection;
static App lens;
static const char *skip_reason;

/* The app process */

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *)user_data = TRUE;
}

static const char *
get_app_path (void)
{
  static char *path;
  const char *env = g_getenv ("ACTOR_LENS");

  if (path == NULL)
    path = env != NULL && env[0] != '\0'
           ? g_strdup (env)
           : g_test_build_filename (G_TEST_BUILT, "..", "src", "actor-lens", NULL);
  return path;
}

static gboolean
app_found (void)
{
  GPid pid = atoi (g_subprocess_get_identifier (lens.process));

  return (lens.app = rk_test_a11y_find_app (pid)) != NULL;
}

static gboolean
window_found (void)
{
  return (lens.window = rk_test_a11y_find_toplevel (lens.app, "Actor Lens")) != NULL;
}

/* Runs `actor-lens ENDPOINT --actor ACTOR` and waits for its main window. */
static void
app_start (const char *actor)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;

  g_assert_null (lens.process);
  g_assert_true (g_file_test (get_app_path (), G_FILE_TEST_IS_EXECUTABLE));

  /* Its output goes to stderr: stdout is the TAP stream. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "atspi", TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "RIVET_TOKEN");
  lens.process = g_subprocess_launcher_spawn (launcher, &error, get_app_path (),
                                              rk_real_server_get_endpoint (server),
                                              "--actor", actor, NULL);
  g_assert_no_error (error);
  lens.exited = FALSE;
  g_subprocess_wait_async (lens.process, NULL, exited_cb, &lens.exited);

  rk_test_wait_for_ms (lens.exited || app_found (), APP_TIMEOUT_MS);
  g_assert_false (lens.exited);

  /* Only what never changes is cached (a widget's role and interfaces):
   * the tree changes under us as pages load. */
  atspi_accessible_set_cache_mask (lens.app, ATSPI_CACHE_ROLE | ATSPI_CACHE_INTERFACES);
  rk_test_wait_for_ms (lens.exited || window_found (), APP_TIMEOUT_MS);
  g_assert_false (lens.exited);
}

static void
app_stop (void)
{
  if (lens.process == NULL)
    return;

  /* By its PID, and wait until it is gone. */
  if (!lens.exited)
    g_subprocess_send_signal (lens.process, SIGTERM);
  rk_test_wait_for_ms (lens.exited, APP_TIMEOUT_MS);
  g_clear_object (&lens.window);
  g_clear_object (&lens.app);
  g_clear_object (&lens.process);
}

/* The actors the app opens */

static RkActor *
get_or_create (const char *name,
               const char *key)
{
  const char *parts[] = { key, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RkActor *actor;

  rk_client_get_or_create_actor_async (client, name, parts, NULL, NULL,
                                       rk_test_store_result_cb, &result);
  actor = rk_client_get_or_create_actor_finish (client, rk_test_wait_result (&result), NULL,
                                                &error);
  g_assert_no_error (error);
  return actor;
}

static void
call (RkActor    *actor,
      const char *action,
      const char *args_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = rk_test_json (args_json);
  g_autoptr(JsonNode) output = NULL;

  rk_client_action_async (client, rk_actor_get_id (actor), action, args, NULL, NULL,
                          rk_test_store_result_cb, &result);
  output = rk_client_action_finish (client, rk_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

static void
enqueue (RkActor    *actor,
         const char *body_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = rk_test_json (body_json);
  g_autoptr(JsonNode) output = NULL;

  rk_client_queue_send_async (client, rk_actor_get_id (actor), "jobs", body, FALSE, 0, NULL,
                              rk_test_store_result_cb, &result);
  output = rk_client_queue_send_finish (client, rk_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

/* In the main window */

/* Every case starts here. */
static gboolean
skip_if_unavailable (void)
{
  rk_test_a11y_quiet_atspi ();
  if (skip_reason == NULL)
    return FALSE;
  g_test_skip (skip_reason);
  return TRUE;
}

static AtspiAccessible *
wait_for (AtspiRole   role,
          const char *name)
{
  return rk_test_a11y_wait (lens.window, role, name, NULL);
}

static void
click (AtspiRole   role,
       const char *name)
{
  rk_test_a11y_click (lens.window, role, name);
}

static void
show_page (const char *tab,
           const char *marker)
{
  g_autoptr(AtspiAccessible) node = NULL;

  click (ATSPI_ROLE_PAGE_TAB, tab);
  node = wait_for (ATSPI_ROLE_INVALID, marker);
}

/* Test cases */

static void
test_overview (void)
{
  g_autoptr(AtspiAccessible) key = NULL;

  if (skip_if_unavailable ())
    return;

  /* The sidebar, the header bars and the Overview, once the actor is open. */
  show_page ("Overview", "LensOverviewPage");
  key = wait_for (ATSPI_ROLE_LABEL, counter_key);
  rk_test_a11y_check (lens.window, "main window: sidebar and Overview", 8);
}

static void
test_endpoint_popover (void)
{
  g_autoptr(AtspiAccessible) button = NULL;

  if (skip_if_unavailable ())
    return;

  /* The endpoint pill's popover: details, Reconnect, Change Endpoint. */
  click (ATSPI_ROLE_PUSH_BUTTON, "Server *");
  button = wait_for (ATSPI_ROLE_PUSH_BUTTON, "Reconnect Now");
  rk_test_a11y_check (lens.window, "endpoint popover", 10);
  click (ATSPI_ROLE_PUSH_BUTTON, "Server *");
  rk_test_a11y_wait_gone (lens.window, ATSPI_ROLE_PUSH_BUTTON, "Reconnect Now");
}

static void
test_sort_menu (void)
{
  g_autoptr(AtspiAccessible) item = NULL;

  if (skip_if_unavailable ())
    return;

  click (ATSPI_ROLE_PUSH_BUTTON, "Sort actors");
  item = wait_for (ATSPI_ROLE_INVALID, "Newest First");
  rk_test_a11y_check (lens.window, "sort menu", 10);
  click (ATSPI_ROLE_PUSH_BUTTON, "Sort actors");
  rk_test_a11y_wait_gone (lens.window, ATSPI_ROLE_INVALID, "Newest First");
}

static void
test_state (void)
{
  g_autoptr(AtspiAccessible) count = NULL;

  if (skip_if_unavailable ())
    return;

  show_page ("State", "LensStateView");
  count = wait_for (ATSPI_ROLE_LABEL, "count");
  rk_test_a11y_check (lens.window, "State", 8);
}

static void
test_actions (void)
{
  g_autoptr(AtspiAccessible) action = NULL;
  g_autoptr(AtspiAccessible) argument = NULL;
  g_autoptr(AtspiAccessible) result = NULL;

  if (skip_if_unavailable ())
    return;

  /* The first action is selected: one argument, then a call and its result. */
  show_page ("Actions", "LensActionsView");
  action = wait_for (ATSPI_ROLE_LABEL, "increment");
  click (ATSPI_ROLE_PUSH_BUTTON, "Add an Argument");
  argument = wait_for (ATSPI_ROLE_COMBO_BOX, "Type of argument 1");
  click (ATSPI_ROLE_PUSH_BUTTON, "Invoke");
  result = wait_for (ATSPI_ROLE_PUSH_BUTTON, "Copy the Result");
  rk_test_a11y_check (lens.window, "Actions", 12);
}

static void
test_connections (void)
{
  g_autoptr(AtspiAccessible) theirs = NULL;
  g_autoptr(AtspiAccessible) ours = NULL;

  if (skip_if_unavailable ())
    return;

  /* The test's own connection, as the actor lists it; then one that the app
   * opens, with its buttons. */
  show_page ("Connections", "LensConnectionsView");
  theirs = wait_for (ATSPI_ROLE_LABEL, rk_connection_get_connection_id (connection));
  click (ATSPI_ROLE_PUSH_BUTTON, "Open");
  ours = wait_for (ATSPI_ROLE_LIST_ITEM, "Connection 1 *");
  rk_test_a11y_check (lens.window, "Connections", 8);
}

/* The status line no longer says "0 events · …". */
static gboolean
event_arrived (gpointer data)
{
  return rk_test_a11y_is_gone (lens.window, ATSPI_ROLE_LABEL, "0 events*");
}

static void
test_events (void)
{
  g_autoptr(AtspiAccessible) open = NULL;
  g_autoptr(AtspiAccessible) entry = NULL;
  g_autoptr(AtspiAccessible) subscribe = NULL;
  g_autoptr(AtspiAccessible) chip = NULL;
  gint64 deadline = g_get_monotonic_time () + RK_TEST_A11Y_TIMEOUT_MS * 1000;

  if (skip_if_unavailable ())
    return;

  /* Subscribed to newCount on the app's connection: an event, its row and
   * its arguments. A user types the name and presses Enter: through AT-SPI,
   * that is the entry's "activate" action, or a Subscribe button if there
   * is one. */
  show_page ("Events", "LensEventsView");
  if ((open = rk_test_a11y_find (lens.window, ATSPI_ROLE_PUSH_BUTTON, "Open a Connection",
                                 "click")) != NULL)
    rk_test_a11y_do_action (open, "click");
  entry = wait_for (ATSPI_ROLE_TEXT, "Event to subscribe to");
  rk_test_a11y_set_text (entry, "newCount");
  if ((subscribe = rk_test_a11y_find (lens.window, ATSPI_ROLE_PUSH_BUTTON, "Subscribe",
                                      "click")) != NULL)
    rk_test_a11y_do_action (subscribe, "click");
  else
    rk_test_a11y_do_action (entry, "activate");

  /* Both run their handler before they answer: nothing to wait for. */
  chip = rk_test_a11y_find (lens.window, ATSPI_ROLE_PUSH_BUTTON, "Unsubscribe from*", NULL);
  if (chip == NULL)
    {
      g_test_message ("Events: no way to subscribe through AT-SPI: the entry's \"activate\" "
                      "action does nothing (a GTK 4.8 GtkEntry has no activate signal), its "
                      "secondary icon has no working action, and there is no Subscribe button");
      g_test_fail_printf ("Events: cannot subscribe to an event through the accessibility "
                          "tree");
    }
  else
    {
      /* The server may see the change before the subscription: repeat it
       * until the event shows. */
      while (!event_arrived (NULL))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          call (counter, "setCount", "[7]");
          rk_test_wait_until (event_arrived, NULL, 1000);
        }
    }
  rk_test_a11y_check (lens.window, "Events", 8);
}

static void
test_raw (void)
{
  g_autoptr(AtspiAccessible) response = NULL;
  g_autoptr(AtspiAccessible) path = NULL;

  if (skip_if_unavailable ())
    return;

  /* An HTTP request and its response (counter has no onRequest: a 404). */
  show_page ("Raw", "Raw HTTP and WebSocket");
  click (ATSPI_ROLE_PUSH_BUTTON, "Send");
  response = wait_for (ATSPI_ROLE_TEXT, "Response headers");
  rk_test_a11y_check (lens.window, "Raw: HTTP", 8);

  click (ATSPI_ROLE_PAGE_TAB, "WebSocket");
  path = wait_for (ATSPI_ROLE_TEXT, "WebSocket path");
  rk_test_a11y_check (lens.window, "Raw: WebSocket", 8);
}

/* Runs the window action @action, checks the window titled @title that it
 * opens once @marker (a text field) shows, and closes it. */
static void
check_window (const char *action,
              const char *title,
              const char *marker,
              guint       min_controls)
{
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) node = NULL;

  rk_test_a11y_do_action (lens.window, action);
  window = rk_test_a11y_wait_toplevel (lens.app, title);
  node = rk_test_a11y_wait (window, ATSPI_ROLE_TEXT, marker, NULL);
  rk_test_a11y_check (window, title, min_controls);
  rk_test_a11y_do_action (window, "window.close");
  g_clear_object (&window);
  rk_test_wait_for_ms ((window = rk_test_a11y_find_toplevel (lens.app, title)) == NULL,
                       RK_TEST_A11Y_TIMEOUT_MS);
}

static void
test_connect_window (void)
{
  if (skip_if_unavailable ())
    return;

  check_window ("win.connect", "Connect to a Server", "Endpoint URL", 6);
}

static void
test_create_actor (void)
{
  if (skip_if_unavailable ())
    return;

  check_window ("win.create-actor", "New Actor", "Part 1", 6);
}

static void
test_main_menu_and_preferences (void)
{
  g_autoptr(AtspiAccessible) item = NULL;
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) group = NULL;

  if (skip_if_unavailable ())
    return;

  click (ATSPI_ROLE_PUSH_BUTTON, "Main Menu");
  item = rk_test_a11y_wait (lens.window, ATSPI_ROLE_MENU_ITEM, "Preferences", "click");
  rk_test_a11y_check (lens.window, "main menu", 5);

  rk_test_a11y_do_action (item, "click");
  window = rk_test_a11y_wait_toplevel (lens.app, "Preferences");
  group = rk_test_a11y_wait (window, ATSPI_ROLE_INVALID, "Actor List", NULL);
  rk_test_a11y_check (window, "preferences window", 2);
  rk_test_a11y_do_action (window, "window.close");
  g_clear_object (&window);
  rk_test_wait_for_ms ((window = rk_test_a11y_find_toplevel (lens.app, "Preferences")) == NULL,
                       RK_TEST_A11Y_TIMEOUT_MS);
}

static void
test_queue (void)
{
  g_autofree char *jobs_key = rk_test_unique_key ("a11y");
  g_autofree char *actor = NULL;
  g_autoptr(RkActor) jobs = NULL;
  g_autoptr(AtspiAccessible) message = NULL;

  if (skip_if_unavailable ())
    return;

  /* counter has no queue: a second process, opened on a jobs actor with two
   * queued messages (created now: an idle actor goes to sleep, and the Queue
   * page shows only for a running one). */
  app_stop ();
  jobs = get_or_create ("jobs", jobs_key);
  enqueue (jobs, "{\"task\":\"first\"}");
  enqueue (jobs, "{\"task\":\"second\"}");
  actor = g_strdup_printf ("jobs/%s", jobs_key);
  app_start (actor);

  show_page ("Queue", "Message queue");
  message = wait_for (ATSPI_ROLE_LIST_ITEM, "jobs");
  rk_test_a11y_check (lens.window, "Queue", 8);
}

/* Set-up */

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = NULL;

  if (!(server = rk_real_server_new_from_env (&error)) || !rk_real_server_start (server, &error))
    g_error ("Cannot start the RivetKit test server: %s", error->message);
  client = rk_client_new (rk_real_server_get_endpoint (server), NULL, NULL, &error);
  g_assert_no_error (error);

  /* A counter with state, and a connection of the test's own. */
  counter_key = rk_test_unique_key ("a11y");
  counter = get_or_create ("counter", counter_key);
  call (counter, "increment", "[3]");
  connection = rk_client_connect (client, rk_actor_get_id (counter), NULL);
  rk_connection_open (connection);

  actor = g_strdup_printf ("counter/%s", counter_key);
  app_start (actor);
}

static void
teardown (void)
{
  g_autoptr(GError) error = NULL;

  app_stop ();
  if (connection != NULL)
    rk_connection_close (connection);
  g_clear_object (&connection);
  g_clear_object (&counter);
  g_clear_object (&client);
  if (server != NULL && !rk_real_server_stop (server, &error))
    g_warning ("Stopping the test server: %s", error->message);
  g_clear_pointer (&server, rk_real_server_free);
  g_clear_pointer (&counter_key, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Names are UTF-8: print them as such even in the C locale. */
  setlocale (LC_ALL, "");
  if (!g_get_charset (NULL))
    setlocale (LC_CTYPE, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("RK_TEST_A11Y_MISSING") != NULL)
    skip_reason = "No accessibility bus (tests/run-with-a11y lacks D-Bus or at-spi2-core)";
  else if (g_getenv ("AT_SPI_BUS_ADDRESS") == NULL)
    skip_reason = "No accessibility bus: run under tests/run-with-a11y";
  else if (g_getenv ("DISPLAY") == NULL)
    skip_reason = "No display: run under xvfb-run";

  g_test_add_func ("/rk/a11y/overview", test_overview);
  g_test_add_func ("/rk/a11y/endpoint-popover", test_endpoint_popover);
  g_test_add_func ("/rk/a11y/sort-menu", test_sort_menu);
  g_test_add_func ("/rk/a11y/state", test_state);
  g_test_add_func ("/rk/a11y/actions", test_actions);
  g_test_add_func ("/rk/a11y/connections", test_connections);
  g_test_add_func ("/rk/a11y/events", test_events);
  g_test_add_func ("/rk/a11y/raw", test_raw);
  g_test_add_func ("/rk/a11y/connect-window", test_connect_window);
  g_test_add_func ("/rk/a11y/create-actor", test_create_actor);
  g_test_add_func ("/rk/a11y/main-menu", test_main_menu_and_preferences);
  g_test_add_func ("/rk/a11y/queue", test_queue);

  if (skip_reason == NULL)
    {
      rk_test_a11y_quiet_atspi ();
      if (atspi_init () < 0)
        g_error ("Cannot initialise libatspi");
      setup ();
    }

  ret = g_test_run ();

  if (skip_reason == NULL)
    {
      teardown ();
      atspi_exit ();
    }
  return ret;
}
