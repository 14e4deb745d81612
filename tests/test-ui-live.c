/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-live.c: the Actor Lens widgets against a real RivetKit server (RK_TEST_SERVER) */

#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-error.h"
#include "rk-inspector.h"

#include "lens-actions-view.h"
#include "lens-actor-page.h"
#include "lens-arg-row.h"
#include "lens-args-editor.h"
#include "lens-call-record.h"
#include "lens-call-result.h"
#include "lens-compare-dialog.h"
#include "lens-connect-window.h"
#include "lens-connection-row.h"
#include "lens-connections-view.h"
#include "lens-create-actor-dialog.h"
#include "lens-endpoint-pill.h"
#include "lens-endpoint-sidebar.h"
#include "lens-endpoint.h"
#include "lens-events-view.h"
#include "lens-json-node.h"
#include "lens-json-tree.h"
#include "lens-metrics-group.h"
#include "lens-overview-page.h"
#include "lens-preferences-window.h"
#include "lens-queue-view.h"
#include "lens-raw-view.h"
#include "lens-sidebar-row.h"
#include "lens-snippet.h"
#include "lens-state-view.h"
#include "lens-util.h"
#include "lens-value-dialog.h"
#include "lens-window.h"

#include "rk-real-server.h"
#include "rk-test-ui.h"
#include "rk-test-util.h"

static RkRealServer *server;

/* Against a real server */

typedef struct
{
  RkClient *client;
  LensEndpoint *endpoint;
  LensWindow *window;
  LensEndpointSidebar *sidebar;
  LensActorPage *page;
} Session;

static RkActor *
get_or_create (RkClient   *client,
               const char *name,
               const char *key)
{
  const char *parts[] = { key, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RkActor *actor;

  rk_client_get_or_create_actor_async (client, name, parts, NULL, NULL,
                                       rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  actor = rk_client_get_or_create_actor_finish (client, result, NULL, &error);
  g_assert_no_error (error);
  return actor;
}

static void
call (RkClient   *client,
      RkActor    *actor,
      const char *action,
      const char *args_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = rk_test_ui_compat (args_json);
  g_autoptr(JsonNode) output = NULL;

  rk_client_action_async (client, rk_actor_get_id (actor), action, args, NULL, NULL,
                          rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  output = rk_client_action_finish (client, result, &error);
  g_assert_no_error (error);
}

static gint64
state_count (LensActorPage *page)
{
  RkInspector *inspector = lens_actor_page_get_inspector (page);
  JsonNode *state = inspector ? rk_inspector_get_state (inspector) : NULL;

  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    return -1;
  return json_object_get_int_member_with_default (json_node_get_object (state), "count", -1);
}

static void
open_actor (Session    *session,
            const char *name,
            const char *key,
            RkActor    *actor)
{
  const char *parts[] = { key, NULL };
  RkActor *selected;

  lens_window_reveal_actor (session->window, name, parts);
  rk_test_wait_for ((selected = lens_endpoint_sidebar_get_selected_actor (session->sidebar)) &&
                    g_str_equal (rk_actor_get_id (selected), rk_actor_get_id (actor)));
  rk_test_wait_for (lens_actor_page_get_actor (session->page) == selected);
  rk_test_wait_for (lens_actor_page_get_inspector (session->page) != NULL &&
                    rk_inspector_get_loaded (lens_actor_page_get_inspector (session->page)));
}

static void
show_page (Session    *session,
           const char *name)
{
  gtk_widget_activate_action (GTK_WIDGET (session->window), "win.show-page", "s", name);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     lens_actor_page_get_view_stack (session->page)), ==, name);
}

static void
session_start (Session *session)
{
  g_autoptr(GError) error = NULL;

  session->client = rk_client_new (rk_real_server_get_endpoint (server), NULL, NULL, &error);
  g_assert_no_error (error);
  session->endpoint = lens_endpoint_new (session->client);
  session->window = g_object_new (LENS_TYPE_WINDOW,
                                  "endpoint", session->endpoint,
                                  NULL);
  gtk_window_set_default_size (GTK_WINDOW (session->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (session->window));
  session->sidebar = LENS_ENDPOINT_SIDEBAR (rk_test_ui_find_descendant (GTK_WIDGET (session->window),
                                                             LENS_TYPE_ENDPOINT_SIDEBAR));
  session->page = LENS_ACTOR_PAGE (rk_test_ui_find_descendant (GTK_WIDGET (session->window),
                                                    LENS_TYPE_ACTOR_PAGE));
  rk_test_wait_for (lens_endpoint_get_status (session->endpoint) ==
                    LENS_ENDPOINT_STATUS_CONNECTED);
}

static void
session_stop (Session *session)
{
  gtk_window_destroy (GTK_WINDOW (session->window));
  g_clear_object (&session->endpoint);
  g_clear_object (&session->client);
}

static void
test_live_state_and_actions (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) counter = NULL;
  g_autoptr(JsonNode) args = rk_test_ui_compat ("[5]");
  LensStateView *state_view;
  LensActionsView *actions_view;
  LensMetricsGroup *metrics;
  LensJsonTree *tree;
  LensCallRecord *record;
  GListModel *history;
  GtkWindow *compare;

  session_start (&session);
  counter = get_or_create (session.client, "counter", key);
  call (session.client, counter, "increment", "[3]");
  open_actor (&session, "counter", key, counter);
  rk_test_wait_for (state_count (session.page) == 3);

  /* Overview: the actor's metrics where the server counts them (2.2; the
   * 2.3 engine has no metrics endpoint and the group stays hidden). */
  metrics = LENS_METRICS_GROUP (rk_test_ui_find_descendant (GTK_WIDGET (session.page),
                                                            LENS_TYPE_METRICS_GROUP));
  g_assert_nonnull (metrics);
  if (g_str_has_prefix (rk_real_server_get_version (server), "2.2"))
    {
      rk_test_wait_for (lens_metrics_group_get_n_metrics (metrics) > 0 &&
                        gtk_widget_get_visible (GTK_WIDGET (metrics)));
      /* One call so far; another is counted on the next read. */
      rk_test_wait_for (g_strcmp0 (lens_metrics_group_get_text (metrics, "action_calls"),
                                   "1") == 0);
      call (session.client, counter, "increment", "[0]");
      lens_metrics_group_refresh (metrics);
      rk_test_wait_for (g_strcmp0 (lens_metrics_group_get_text (metrics, "action_calls"),
                                   "2") == 0);
    }
  else
    {
      rk_test_wait_for (lens_metrics_group_get_loaded (metrics));
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (metrics)));
    }
  rk_test_ui_screenshot (GTK_WIDGET (session.window), "overview");

  /* State: pushed live, diffed into the tree, changed value lit up. */
  show_page (&session, "state");
  state_view = LENS_STATE_VIEW (rk_test_ui_find_descendant (GTK_WIDGET (session.page), LENS_TYPE_STATE_VIEW));
  tree = LENS_JSON_TREE (rk_test_ui_find_descendant (GTK_WIDGET (state_view), LENS_TYPE_JSON_TREE));
  rk_test_wait_for (lens_json_tree_get_value (tree) != NULL);
  call (session.client, counter, "increment", "[38]");
  rk_test_wait_for (state_count (session.page) == 41);
  rk_test_wait_for (rk_test_ui_child_named (lens_json_tree_get_root (tree), "count") != NULL &&
                    lens_json_node_get_highlight (rk_test_ui_child_named (lens_json_tree_get_root (tree),
                                                               "count")));

  /* Actions: typed arguments, HTTP call, result, history. */
  show_page (&session, "actions");
  actions_view = LENS_ACTIONS_VIEW (rk_test_ui_find_descendant (GTK_WIDGET (session.page),
                                                     LENS_TYPE_ACTIONS_VIEW));
  lens_actions_view_set_action (actions_view, "increment");
  g_assert_cmpstr (lens_actions_view_get_action (actions_view), ==, "increment");
  lens_args_editor_set_args (lens_actions_view_get_args_editor (actions_view), args);
  gtk_widget_activate_action (GTK_WIDGET (actions_view), "actions.invoke", NULL);
  history = lens_actions_view_get_history (actions_view);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  record = g_list_model_get_item (history, 0);
  g_object_unref (record);
  rk_test_wait_for (!lens_call_record_get_pending (record));
  g_assert_null (lens_call_record_get_error (record));
  rk_test_ui_assert_compat (lens_call_record_get_output (record), "46");
  rk_test_wait_for (state_count (session.page) == 46);
  rk_test_ui_screenshot (GTK_WIDGET (session.window), "actions");

  /* Editing the whole state while the server moves on: a conflict, never a
   * silent overwrite. */
  show_page (&session, "state");
  gtk_widget_activate_action (GTK_WIDGET (state_view), "state.edit", NULL);
  g_assert_true (lens_state_view_get_editing (state_view));
  lens_state_view_set_text (state_view, "{\n  \"count\": 1000\n}");
  call (session.client, counter, "increment", "[1]");
  rk_test_wait_for (state_count (session.page) == 47);
  rk_test_wait_for (lens_state_view_get_conflicted (state_view));
  rk_test_ui_screenshot (GTK_WIDGET (session.window), "state-conflict");

  gtk_widget_activate_action (GTK_WIDGET (state_view), "state.save", NULL);
  rk_test_wait_for ((compare = rk_test_ui_find_toplevel (LENS_TYPE_COMPARE_DIALOG)) != NULL);
  rk_test_ui_screenshot (GTK_WIDGET (compare), "state-compare");
  g_assert_cmpint (state_count (session.page), ==, 47);

  /* Choosing "mine" saves it. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (compare), "mine");
  rk_test_wait_for (state_count (session.page) == 1000);
  rk_test_wait_for (!lens_state_view_get_editing (state_view));

  session_stop (&session);
}

static void
test_live_errors (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) thrower = NULL;
  LensActionsView *actions_view;
  LensCallRecord *record;
  const GError *error;

  session_start (&session);
  thrower = get_or_create (session.client, "thrower", key);
  open_actor (&session, "thrower", key, thrower);
  show_page (&session, "actions");
  actions_view = LENS_ACTIONS_VIEW (rk_test_ui_find_descendant (GTK_WIDGET (session.page),
                                                     LENS_TYPE_ACTIONS_VIEW));
  lens_actions_view_set_action (actions_view, "userErrorMeta");
  lens_actions_view_invoke (actions_view);
  record = g_list_model_get_item (lens_actions_view_get_history (actions_view), 0);
  g_object_unref (record);
  rk_test_wait_for (!lens_call_record_get_pending (record));

  error = lens_call_record_get_error (record);
  g_assert_nonnull (error);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "custom_code");
  rk_test_ui_screenshot (GTK_WIDGET (session.window), "actions-error");

  session_stop (&session);
}

static void
test_live_connections (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) room = NULL;
  g_autoptr(GError) error = NULL;
  LensConnectionsView *view;
  GListModel *connections;
  g_autoptr(RkConnection) alice = NULL;
  g_autoptr(RkConnection) bob = NULL;

  session_start (&session);
  room = get_or_create (session.client, "chatRoom", key);
  call (session.client, room, "sendMessage", "[\"hello from the test\"]");
  open_actor (&session, "chatRoom", key, room);
  show_page (&session, "connections");
  view = LENS_CONNECTIONS_VIEW (rk_test_ui_find_descendant (GTK_WIDGET (session.page),
                                                 LENS_TYPE_CONNECTIONS_VIEW));
  connections = lens_actor_page_get_connections (session.page);

  g_assert_false (lens_connections_view_open (view, "{not json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (lens_connections_view_open (view, "{\"username\":\"alice\"}", &error));
  g_assert_no_error (error);
  g_assert_true (lens_connections_view_open (view, "{\"username\":\"bob\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 2);
  alice = g_list_model_get_item (connections, 0);
  bob = g_list_model_get_item (connections, 1);
  rk_test_wait_for (rk_connection_get_status (alice) == RK_CONNECTION_STATUS_CONNECTED &&
                    rk_connection_get_status (bob) == RK_CONNECTION_STATUS_CONNECTED);
  rk_test_wait_for (lens_connections_view_get_n_actor_connections (view) == 2);

  /* Bob leaves: the actor's list shrinks and the log says so. */
  rk_connection_close (bob);
  rk_test_wait_for (lens_connections_view_get_n_actor_connections (view) == 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (rk_test_ui_find_descendant (GTK_WIDGET (view),
                                                                    LENS_TYPE_CONNECTION_ROW)),
                                 TRUE);
  rk_test_ui_screenshot (GTK_WIDGET (session.window), "connections");

  /* Changing the actor closes the page's connections. */
  lens_actor_page_set_actor (session.page, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);
  g_assert_cmpint (rk_connection_get_status (alice), ==, RK_CONNECTION_STATUS_DISCONNECTED);

  session_stop (&session);
}

static void
test_live_events (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) room = NULL;
  LensEventsView *view;
  RkEventLog *log;
  GListModel *connections;
  g_autoptr(RkConnection) connection = NULL;
  GtkColumnView *column_view;

  session_start (&session);
  room = get_or_create (session.client, "chatRoom", key);
  open_actor (&session, "chatRoom", key, room);
  show_page (&session, "events");
  view = LENS_EVENTS_VIEW (rk_test_ui_find_descendant (GTK_WIDGET (session.page), LENS_TYPE_EVENTS_VIEW));
  log = lens_events_view_get_log (view);
  connections = lens_actor_page_get_connections (session.page);

  /* Subscriptions apply to connections opened later, too. */
  lens_events_view_subscribe (view, "messageReceived");
  lens_events_view_subscribe (view, "joined");
  lens_events_view_subscribe (view, "joined");
  g_assert_cmpuint (g_strv_length ((char **)lens_events_view_get_subscriptions (view)), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (view), "event-log.open-connection", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
  connection = g_list_model_get_item (connections, 0);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  g_assert_true (rk_connection_is_subscribed (connection, "messageReceived"));

  call (session.client, room, "sendMessage", "[\"first\"]");
  call (session.client, room, "sendMessage", "[\"second, with a longer text\"]");
  rk_test_wait_for (rk_event_log_get_n_events (log) >= 2);
  rk_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (log)) >= 2);

  /* Select the first event for the details pane. */
  column_view = GTK_COLUMN_VIEW (rk_test_ui_find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW));
  gtk_selection_model_select_item (gtk_column_view_get_model (column_view), 0, TRUE);
  rk_test_ui_screenshot (GTK_WIDGET (session.window), "events");

  lens_events_view_unsubscribe (view, "joined");
  g_assert_cmpuint (g_strv_length ((char **)lens_events_view_get_subscriptions (view)), ==, 1);
  g_assert_false (rk_connection_is_subscribed (connection, "joined"));

  /* Paused: events are still recorded, but held back from the list. */
  gtk_widget_activate_action (GTK_WIDGET (view), "event-log.paused", NULL);
  g_assert_true (rk_event_log_get_paused (log));
  call (session.client, room, "sendMessage", "[\"while paused\"]");
  rk_test_wait_for (rk_event_log_get_pending (log) >= 1);
  gtk_widget_activate_action (GTK_WIDGET (view), "event-log.paused", NULL);
  g_assert_false (rk_event_log_get_paused (log));
  rk_test_wait_for (rk_event_log_get_pending (log) == 0);

  /* The state of a chat room, with the newest message lit up. */
  show_page (&session, "state");
  {
    LensJsonTree *tree = LENS_JSON_TREE (rk_test_ui_find_descendant (GTK_WIDGET (session.page),
                                                         LENS_TYPE_JSON_TREE));
    g_autoptr(GtkTreeListRow) messages = NULL;

    g_object_set (tree, "autoexpand", TRUE, NULL);
    rk_test_wait_for (g_list_model_get_n_items (lens_json_tree_get_rows (tree)) >= 1);
    messages = g_list_model_get_item (lens_json_tree_get_rows (tree), 0);
    gtk_tree_list_row_set_expanded (messages, TRUE);
    /* Earlier messages light up too as they arrive; let that fade first. */
    rk_test_wait_for (!rk_test_ui_any_highlight (lens_json_tree_get_rows (tree)));
    call (session.client, room, "sendMessage", "[\"and one more, lit up as it arrives\"]");
    rk_test_wait_for (g_list_model_get_n_items (lens_json_tree_get_rows (tree)) >= 13);
    rk_test_ui_screenshot (GTK_WIDGET (session.window), "state");
  }

  session_stop (&session);
}

static gboolean
refresh_cb (gpointer user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (user_data), "win.refresh", NULL);
  return G_SOURCE_CONTINUE;
}

static RkActorStatus
fetch_status (RkClient   *client,
              const char *actor_id)
{
  const char *ids[] = { actor_id, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  rk_client_get_actors_by_ids_async (client, ids, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  found = rk_client_get_actors_by_ids_finish (client, result, &error);

  /* 2.2 answers the look-up with actor.stopping while the actor goes to sleep. */
  if (rk_error_matches (error, "actor", "stopping"))
    return RK_ACTOR_STATUS_PENDING;

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return rk_actor_get_status (g_ptr_array_index (found, 0));
}

static void
wait_until_sleeping (RkClient   *client,
                     const char *actor_id)
{
  gint64 deadline = g_get_monotonic_time () + G_GINT64_CONSTANT (120) * G_USEC_PER_SEC;

  while (fetch_status (client, actor_id) != RK_ACTOR_STATUS_SLEEPING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      rk_test_run_for (200);
    }
}

static void
test_live_asleep (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) actor = NULL;
  const char *parts[] = { key, NULL };
  RkActor *selected;
  guint refresh;

  session_start (&session);
  actor = get_or_create (session.client, "lifecycle", key);
  call (session.client, actor, "doSleep", "[]");

  /* Only show it once the record says it sleeps: an actor selected while
   * still awake gets its inspector, which keeps it awake (2.3 records the
   * sleep later than 2.2). */
  wait_until_sleeping (session.client, rk_actor_get_id (actor));

  lens_window_reveal_actor (session.window, "lifecycle", parts);
  rk_test_wait_for ((selected = lens_endpoint_sidebar_get_selected_actor (session.sidebar)) &&
                    g_str_equal (rk_actor_get_id (selected), rk_actor_get_id (actor)));

  /* Listing shows it asleep, and looking at it leaves it asleep. */
  /* A loaded 2.3 engine can take well over 30 s to record the sleep. */
  refresh = g_timeout_add (500, refresh_cb, session.window);
  rk_test_wait_for_ms (rk_actor_get_status (selected) == RK_ACTOR_STATUS_SLEEPING, 120000);
  g_source_remove (refresh);
  g_assert_null (lens_actor_page_get_inspector (session.page));
  show_page (&session, "overview");
  rk_test_ui_screenshot (GTK_WIDGET (session.window), "overview-asleep");
  g_assert_cmpint (rk_actor_get_status (selected), ==, RK_ACTOR_STATUS_SLEEPING);

  /* Waking is the user's choice; then the inspector starts. */
  gtk_widget_activate_action (GTK_WIDGET (session.page), "actor.wake", NULL);
  rk_test_wait_for (lens_actor_page_get_inspector (session.page) != NULL &&
                    rk_inspector_get_loaded (lens_actor_page_get_inspector (session.page)));
  rk_test_wait_for (rk_actor_get_status (selected) == RK_ACTOR_STATUS_AWAKE);

  session_stop (&session);
}

static void
test_live_dialogs (void)
{
  Session session = { 0 };
  g_autoptr(LensEndpoint) dead = rk_test_ui_dead_endpoint ();
  GtkWindow *dialog;
  LensConnectWindow *connect;

  session_start (&session);
  rk_test_wait_for (g_list_model_get_n_items (lens_endpoint_sidebar_get_types (session.sidebar)));

  gtk_widget_activate_action (GTK_WIDGET (session.window), "win.create-actor", NULL);
  rk_test_wait_for ((dialog = rk_test_ui_find_toplevel (LENS_TYPE_CREATE_ACTOR_DIALOG)) != NULL);
  lens_create_actor_dialog_set_input (LENS_CREATE_ACTOR_DIALOG (dialog), "{\"topic\": \"demo\"}");
  rk_test_ui_screenshot (GTK_WIDGET (dialog), "create-actor");
  gtk_window_destroy (dialog);

  gtk_widget_activate_action (GTK_WIDGET (session.window), "win.connect", NULL);
  rk_test_wait_for ((dialog = rk_test_ui_find_toplevel (LENS_TYPE_CONNECT_WINDOW)) != NULL);
  connect = LENS_CONNECT_WINDOW (dialog);
  lens_connect_window_set_client (connect, lens_endpoint_get_client (dead));
  lens_connect_window_connect (connect);
  rk_test_wait_for (lens_connect_window_get_diagnosis (connect) != NULL);
  rk_test_ui_screenshot (GTK_WIDGET (dialog), "connect-diagnosis");
  gtk_window_destroy (dialog);

  /* Dark, as the system asks. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  {
    g_autofree char *key = rk_test_unique_key ("ui");
    g_autoptr(RkActor) counter = get_or_create (session.client, "counter", key);

    call (session.client, counter, "increment", "[7]");
    open_actor (&session, "counter", key, counter);
    show_page (&session, "state");
    rk_test_ui_screenshot (GTK_WIDGET (session.window), "state-dark");
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  session_stop (&session);
}

void
rk_test_ui_live_add_tests (void)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("RK_TEST_SERVER") == NULL)
    return;

  if (!(server = rk_real_server_new_from_env (&error)) || !rk_real_server_start (server, &error))
    g_error ("Cannot start the RivetKit test server: %s", error->message);

  g_test_add_func ("/rk/ui/live/state-and-actions", test_live_state_and_actions);
  g_test_add_func ("/rk/ui/live/errors", test_live_errors);
  g_test_add_func ("/rk/ui/live/connections", test_live_connections);
  g_test_add_func ("/rk/ui/live/events", test_live_events);
  g_test_add_func ("/rk/ui/live/asleep", test_live_asleep);
  g_test_add_func ("/rk/ui/live/dialogs", test_live_dialogs);
}

void
rk_test_ui_live_stop (void)
{
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;

  if (!rk_real_server_stop (server, &error))
    g_warning ("Stopping the test server: %s", error->message);
  g_clear_pointer (&server, rk_real_server_free);
}
