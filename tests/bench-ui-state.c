/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-state.c: how the state view copes with a 5 MB state (a tool, not a test)
 *
 * Builds a window with a LensStateView fed by an RkInspector, as the actor
 * page does, and prints key=value lines, then a summary:
 *
 *   decode_*, inspector_*   the protocol side: a STATE_UPDATED frame (BARE +
 *                           CBOR) to a JsonNode, and the inspector's own
 *                           equality check of two equal states
 *   show_*                  (a) from the inspector's first snapshot to the
 *                           first frame painted with the tree
 *   live_*                  (b) an update every 500 ms for 10 s (a few values
 *                           change), with "users" and one user expanded: frame
 *                           gaps from the frame clock, the main thread's CPU
 *                           time between two frames, and the time each update
 *                           takes in the inspector's signal handlers
 *   pipeline_*              the same, each frame given to RkInspector as its
 *                           WebSocket gives it (decoded in its worker when
 *                           large); an update's time is the main thread's:
 *                           handing the frame over, then the handlers
 *   json_*                  (c) switching to the JSON page, and updates while
 *                           it shows
 *
 * A tick callback keeps the frame clock running, so a gap between two frames
 * is time the main loop could not paint. On a loaded machine a gap can be
 * long with little main-thread CPU in it: compare the two. Run it under Xvfb,
 * optimised:
 *
 *   xvfb-run -a -s "-screen 0 1400x900x24" bench-ui-state [--users=N]
 *       [--seconds=S] [--only=tree|json]
 *
 * BENCH_VERBOSE=1 prints each update and each frame gap over 50 ms.
 */

#define G_LOG_DOMAIN "bench-ui-state"

#include "config.h"

#include <string.h>

#include <gtksourceview/gtksource.h>

#include "rk-cbor.h"
#include "rk-compat.h"
#include "rk-inspector-private.h"

#include "lens-json-node.h"

#include "bench-ui-state-private.h"

/* Frames */

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();
  double cpu = thread_cpu_ms ();

  if (b->recording && b->last_paint != 0)
    {
      double gap = (now - b->last_paint) / 1000.0;
      double used = cpu - b->last_cpu;

      g_array_append_val (b->frames, gap);
      g_array_append_val (b->frame_cpu, used);
      if (gap > 50 && b->verbose)
        g_printerr ("frame gap %.0f ms (main thread CPU %.0f ms)\n", gap, used);
    }
  b->last_paint = now;
  b->last_cpu = cpu;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  /* Keeps the clock running: every frame is painted, busy or not. */
  return G_SOURCE_CONTINUE;
}

static void
iterate_until_paint (Bench *b)
{
  gint64 painted = b->last_paint;

  while (b->last_paint == painted)
    g_main_context_iteration (NULL, TRUE);
}

static void
run_for (Bench *b,
         int    ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    iterate_until_paint (b);
}

static void
start_recording (Bench *b)
{
  /* The first gap is counted from a frame painted now */
  iterate_until_paint (b);
  g_array_set_size (b->frames, 0);
  g_array_set_size (b->frame_cpu, 0);
  b->recording = TRUE;
}

/* Widgets */

static GtkStack *
find_stack (GtkWidget  *widget,
            const char *page)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack (child, page);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The row of the node keyed @key, at @depth, or NULL */
static GtkTreeListRow *
find_row (LensJsonTree *tree,
          const char   *key,
          guint         depth)
{
  GListModel *rows = lens_json_tree_get_rows (tree);
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(LensJsonNode) node = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_depth (row) == depth &&
          g_strcmp0 (lens_json_node_get_key (node), key) == 0)
        return g_steal_pointer (&row);
    }

  return NULL;
}

static LensJsonNode *
find_node (LensJsonTree *tree,
           const char   *key,
           guint         depth)
{
  g_autoptr(GtkTreeListRow) row = find_row (tree, key, depth);

  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

static gboolean
tree_shown (Bench *b)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (b->outer_stack), "state") == 0 &&
         g_list_model_get_n_items (lens_json_tree_get_rows (b->tree)) > 0;
}

static gboolean
text_shown (Bench *b)
{
  return gtk_text_buffer_get_char_count (b->buffer) > 0;
}

static gboolean
text_complete (Bench *b)
{
  return gtk_text_buffer_get_char_count (b->buffer) == b->expected_chars;
}

/* Waits for @done to hold in a painted frame; returns when, in ms after @start */
static double
wait_painted (Bench   *b,
              double   start,
              gboolean (*done) (Bench *b))
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  for (;;)
    {
      gboolean was_done = done (b);

      iterate_until_paint (b);
      /* A frame painted after the condition held shows it. */
      if (was_done)
        return b->last_paint / 1000.0 - start;
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for a frame");
    }
}

/* Updates */

static void
json_node_unref0 (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

static void
apply_state (Bench    *b,
             JsonNode *state,
             gboolean  init)
{
  g_autoptr(RkInspectorMessage) message = g_new0 (RkInspectorMessage, 1);

  message->kind = init ? RK_INSPECTOR_MESSAGE_INIT : RK_INSPECTOR_MESSAGE_STATE_UPDATED;
  message->version = 4;
  message->state = json_node_ref (state);
  message->is_state_enabled = TRUE;
  _rk_inspector_apply_message (b->inspector, message);
}

typedef struct
{
  Bench *b;
  guint done;
  guint count;
  gboolean decode;
} Updates;

static gboolean
update_cb (gpointer data)
{
  Updates *u = data;
  Bench *b = u->b;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(JsonNode) state = NULL;
  double start;
  double took;

  if (u->done >= u->count)
    return G_SOURCE_CONTINUE;

  start = now_ms ();
  if (u->decode)
    {
      frame = g_bytes_ref (g_ptr_array_index (b->update_frames,
                                              b->next_frame++ % b->update_frames->len));
      /* As the socket's "message" handler does; applied later */
      _rk_inspector_receive_frame (b->inspector, frame);
      took = now_ms () - start;
      g_array_append_val (b->receive_ms, took);
    }
  else
    {
      /* The inspector holds the only reference afterwards, as with a real frame */
      state = g_steal_pointer (&g_ptr_array_index (b->states, u->done));
      apply_state (b, state, FALSE);
      took = now_ms () - start;
      g_array_append_val (b->update_ms, took);
    }
  u->done++;

  if (b->verbose)
    g_printerr ("update %u: %.1f ms, heap %.0f MB, RSS %.0f MB\n", u->done, took, heap_mb (),
                rss_mb ());

  return G_SOURCE_CONTINUE;
}

/* The inspector's handlers: the first connected and the last */
static void
state_first_cb (RkInspector *inspector,
                JsonNode    *state,
                Bench       *b)
{
  b->emit_start = now_ms ();
}

static void
state_last_cb (RkInspector *inspector,
               JsonNode    *state,
               Bench       *b)
{
  double took = now_ms () - b->emit_start;

  g_array_append_val (b->handler_ms, took);
}

/* An update every INTERVAL_MS for @seconds; with @decode, each frame goes to
 * the inspector as from its socket, else the states are decoded beforehand */
static LiveResult
run_updates (Bench    *b,
             int       seconds,
             gboolean  decode)
{
  Updates u = { b, 0, MAX (1, seconds * 1000 / INTERVAL_MS), decode };
  LiveResult r = { 0 };
  guint id;

  g_ptr_array_set_size (b->states, 0);
  if (!decode)
    for (guint i = 0; i < u.count; i++)
      {
        g_autoptr(RkInspectorMessage) message =
          decode_frame (g_ptr_array_index (b->update_frames,
                                           b->next_frame++ % b->update_frames->len));
        g_ptr_array_add (b->states, g_steal_pointer (&message->state));
      }

  g_array_set_size (b->update_ms, 0);
  g_array_set_size (b->receive_ms, 0);
  g_array_set_size (b->handler_ms, 0);
  start_recording (b);
  id = g_timeout_add (INTERVAL_MS, update_cb, &u);
  while (u.done < u.count)
    iterate_until_paint (b);
  g_source_remove (id);
  if (decode)
    {
      gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

      /* Every state differs from the one before: each is one emission */
      while (b->handler_ms->len < u.count)
        {
          iterate_until_paint (b);
          if (g_get_monotonic_time () > deadline)
            g_error ("timed out waiting for the decoded frames");
        }
      for (guint i = 0; i < u.count; i++)
        {
          double took = g_array_index (b->receive_ms, double, i) +
                        g_array_index (b->handler_ms, double, i);

          g_array_append_val (b->update_ms, took);
        }
    }
  /* The work the last update left for later counts too */
  run_for (b, INTERVAL_MS);
  b->recording = FALSE;

  r.median_gap = median (b->frames);
  r.p99_gap = percentile (b->frames, 0.99);
  r.worst_gap = maximum (b->frames);
  r.worst_cpu = maximum (b->frame_cpu);
  r.median_update = median (b->update_ms);
  r.worst_update = maximum (b->update_ms);
  r.n_frames = b->frames->len;
  r.n_updates = b->update_ms->len;
  r.decoded = decode;
  r.worst_receive = maximum (b->receive_ms);
  for (guint i = 0; i < b->frames->len; i++)
    r.n_long += g_array_index (b->frames, double, i) > 50;

  return r;
}

/* The protocol side, before the view sees a state */

typedef struct
{
  JsonNode *a;
  JsonNode *b;
} Pair;

static void
decode_once (gpointer data)
{
  rk_inspector_message_free (decode_frame (data));
}

static void
cbor_once (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  gsize offset = 3;

  /* After the version, the tag and the length of the data */
  while (offset < length && (bytes[offset] & 0x80) != 0)
    offset++;
  offset++;
  node = rk_cbor_decode (bytes + offset, length - offset, &error);
  g_assert_no_error (error);
}

static void
equal_once (gpointer data)
{
  Pair *pair = data;

  g_assert_true (rk_compat_equal (pair->a, pair->b));
}

static void
serialise_once (gpointer data)
{
  g_free (rk_compat_to_string (data, TRUE));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the state view with a large state");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *only = NULL;
  g_autofree char *load = NULL;
  Bench bench = { .n_users = 20000, .seconds = 10 };
  Bench *b = &bench;
  GOptionEntry entries[] = {
    { "users", 0, 0, G_OPTION_ARG_INT, &bench.n_users, "Users in the state (20000)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &bench.seconds, "Seconds of live updates (10)", "S" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only (a) and (b), or (a) and (c)", "tree|json" },
    { NULL }
  };
  LiveResult live = { 0 }, pipeline = { 0 }, json_live = { 0 };
  double decode_ms, cbor_ms, equal_ms, serialise_ms;
  double apply_start, apply_ms, shown_ms;
  double switch_start, json_paint_ms = 0, json_text_ms = 0, switch_gap = 0, switch_cpu = 0;
  gboolean highlight_ok = FALSE, expanded_kept = FALSE;
  gboolean do_tree, do_json;
  gsize json_bytes, pretty_bytes, cbor_size;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  do_tree = g_strcmp0 (only, "json") != 0;
  do_json = g_strcmp0 (only, "tree") != 0;
  b->verbose = g_getenv ("BENCH_VERBOSE") != NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  gtk_init ();
  adw_init ();
  gtk_source_init ();

  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/actorlens/ActorLens/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    g_print ("load_average=%.*s\n", (int)strcspn (load, " "), load);
  g_print ("cpus=%u\n", g_get_num_processors ());

  /* The state, and what the protocol does with it before the view sees it */
  state = make_state (b->n_users, 0);
  {
    g_autofree char *text = rk_compat_to_string (state, FALSE);
    g_autofree char *pretty = rk_compat_to_string (state, TRUE);
    g_autoptr(GBytes) frame = make_frame (state);
    g_autoptr(RkInspectorMessage) message = decode_frame (frame);
    Pair pair = { state, message->state };

    json_bytes = strlen (text);
    pretty_bytes = strlen (pretty);
    cbor_size = g_bytes_get_size (frame);
    decode_ms = time_it (decode_once, frame);
    cbor_ms = time_it (cbor_once, frame);
    equal_ms = time_it (equal_once, &pair);
    serialise_ms = time_it (serialise_once, state);
  }
  g_print ("state_users=%d\n", b->n_users);
  g_print ("state_json_bytes=%zu\n", json_bytes);
  g_print ("state_pretty_bytes=%zu\n", pretty_bytes);
  g_print ("state_cbor_bytes=%zu\n", cbor_size);
  g_print ("decode_frame_ms=%.1f\n", decode_ms);
  g_print ("decode_cbor_ms=%.1f\n", cbor_ms);
  g_print ("inspector_equal_ms=%.1f\n", equal_ms);
  g_print ("serialise_pretty_ms=%.1f\n", serialise_ms);

  /* The updates: a few values change in each */
  b->update_frames = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  for (int gen = 1; gen <= MAX (2, b->seconds * 1000 / INTERVAL_MS); gen++)
    {
      g_autoptr(JsonNode) later = make_state (b->n_users, gen);
      g_ptr_array_add (b->update_frames, make_frame (later));
    }
  b->states = g_ptr_array_new_with_free_func (json_node_unref0);
  b->frames = g_array_new (FALSE, FALSE, sizeof (double));
  b->frame_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  b->update_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b->receive_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b->handler_ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* The window, with the view as the actor page holds it */
  b->client = rk_client_new ("http://127.0.0.1:1", NULL, NULL, &error);
  g_assert_no_error (error);
  b->inspector = rk_inspector_new (b->client, "0123456789abcdef");
  b->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b->window), 1200, 800);
  b->view = LENS_STATE_VIEW (lens_state_view_new ());
  gtk_window_set_child (GTK_WINDOW (b->window), GTK_WIDGET (b->view));
  b->tree = LENS_JSON_TREE (find_descendant (GTK_WIDGET (b->view), LENS_TYPE_JSON_TREE));
  b->outer_stack = find_stack (GTK_WIDGET (b->view), "stateless");
  b->view_stack = find_stack (GTK_WIDGET (b->view), "json");
  b->buffer = gtk_text_view_get_buffer (
    GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (b->view), GTK_SOURCE_TYPE_VIEW)));
  /* Before the view's, and after */
  g_signal_connect (b->inspector, "state-updated", G_CALLBACK (state_first_cb), b);
  g_signal_connect_after (b->inspector, "state-updated", G_CALLBACK (state_last_cb), b);
  g_object_set (b->view, "inspector", b->inspector, NULL);

  gtk_window_present (GTK_WINDOW (b->window));
  gtk_widget_realize (b->window);
  g_signal_connect (gtk_widget_get_frame_clock (b->window), "after-paint",
                    G_CALLBACK (after_paint_cb), b);
  gtk_widget_add_tick_callback (b->window, tick_cb, NULL, NULL);
  run_for (b, 500);
  print_memory ("before");

  /* (a) the first snapshot, to the first frame with the tree */
  start_recording (b);
  apply_start = now_ms ();
  apply_state (b, state, TRUE);
  apply_ms = now_ms () - apply_start;
  shown_ms = wait_painted (b, apply_start, tree_shown);
  b->recording = FALSE;
  g_print ("show_apply_ms=%.1f\n", apply_ms);
  g_print ("show_painted_ms=%.1f\n", shown_ms);
  print_memory ("show");

  /* Expand "users" and one user, as someone watching them would */
  {
    g_autoptr(GtkTreeListRow) users = find_row (b->tree, "users", 0);
    g_autoptr(GtkTreeListRow) user = NULL;

    g_assert_nonnull (users);
    gtk_tree_list_row_set_expanded (users, TRUE);
    user = find_row (b->tree, "[" G_STRINGIFY (EXPANDED_USER) "]", 1);
    g_assert_nonnull (user);
    gtk_tree_list_row_set_expanded (user, TRUE);
  }
  run_for (b, 300);

  if (do_tree)
    {
      /* (b) live updates, decoded beforehand: the view alone */
      live = run_updates (b, b->seconds, FALSE);
      print_live ("live", &live);
      {
        g_autoptr(GtkTreeListRow) user = find_row (b->tree, "[" G_STRINGIFY (EXPANDED_USER) "]", 1);

        expanded_kept = user != NULL && gtk_tree_list_row_get_expanded (user);
      }
      /* Back to generation 0: the expanded user's score changes */
      apply_state (b, state, FALSE);
      run_for (b, 300);
      {
        g_autoptr(LensJsonNode) score = find_node (b->tree, "score", 2);

        highlight_ok = score != NULL && lens_json_node_get_highlight (score);
      }
      g_print ("live_expanded_kept=%d\n", expanded_kept);
      g_print ("live_highlight_ok=%d\n", highlight_ok);
      g_print ("live_rows=%u\n", g_list_model_get_n_items (lens_json_tree_get_rows (b->tree)));
      run_for (b, 2000);
      print_memory ("live_after");

      /* (b') each frame given to the inspector as its socket does */
      pipeline = run_updates (b, b->seconds, TRUE);
      print_live ("pipeline", &pipeline);
      run_for (b, 2000);
      print_memory ("pipeline_after");
    }

  if (do_json)
    {
      /* (c) the JSON page: the switch, until all of the text is there */
      {
        g_autofree char *expected = rk_compat_to_string (rk_inspector_get_state (b->inspector),
                                                         TRUE);
        b->expected_chars = g_utf8_strlen (expected, -1);
      }
      start_recording (b);
      switch_start = now_ms ();
      gtk_stack_set_visible_child_name (b->view_stack, "json");
      json_paint_ms = wait_painted (b, switch_start, text_shown);
      json_text_ms = wait_painted (b, switch_start, text_complete);
      b->recording = FALSE;
      switch_gap = maximum (b->frames);
      switch_cpu = maximum (b->frame_cpu);
      g_print ("json_switch_painted_ms=%.1f\n", json_paint_ms);
      g_print ("json_switch_complete_ms=%.1f\n", json_text_ms);
      g_print ("json_switch_gap_worst_ms=%.1f\n", switch_gap);
      g_print ("json_switch_main_cpu_between_frames_worst_ms=%.1f\n", switch_cpu);
      run_for (b, 500);

      /* Updates while it shows */
      json_live = run_updates (b, MAX (1, b->seconds / 2), FALSE);
      print_live ("json_live", &json_live);
      run_for (b, 2000);
      print_memory ("json_live_after");
      gtk_stack_set_visible_child_name (b->view_stack, "tree");
      run_for (b, 300);
    }

  g_print ("\nA %.1f MB state (%d users; %.1f MB of CBOR, %.1f MB as indented JSON). "
           "Decoding a frame: %.0f ms (CBOR alone %.0f ms); the inspector's check that two "
           "states are equal: %.0f ms; the indented JSON: %.0f ms.\n",
           json_bytes / 1e6, b->n_users, cbor_size / 1e6, pretty_bytes / 1e6, decode_ms, cbor_ms,
           equal_ms, serialise_ms);
  g_print ("(a) Shown in the tree %.0f ms after it arrived (target 500 ms); %.0f ms of that in "
           "the handlers.\n", shown_ms, apply_ms);
  if (do_tree)
    {
      g_print ("(b) An update every %d ms with \"users\" expanded: frame gaps median %.0f ms, "
               "worst %.0f ms (main thread busy for at most %.0f ms between two frames); "
               "%.0f ms per update in the handlers (worst %.0f).\n",
               INTERVAL_MS, live.median_gap, live.worst_gap, live.worst_cpu, live.median_update,
               live.worst_update);
      g_print ("    Each frame given to the inspector as its socket does (decoded in its "
               "worker): gaps median %.0f ms, worst %.0f ms (main thread busy for at most "
               "%.0f ms between two frames); %.1f ms per update on the main thread "
               "(worst %.0f).\n",
               pipeline.median_gap, pipeline.worst_gap, pipeline.worst_cpu,
               pipeline.median_update, pipeline.worst_update);
      g_print ("    Expansion kept across updates: %s; changed value highlighted: %s.\n",
               expanded_kept ? "yes" : "NO", highlight_ok ? "yes" : "NO");
    }
  if (do_json)
    g_print ("(c) JSON page: first text painted %.0f ms after the switch, all of it %.0f ms "
             "after (worst frame gap %.0f ms); updates while it shows: gaps median %.0f ms, "
             "worst %.0f ms (main thread busy for at most %.0f ms between two frames).\n",
             json_paint_ms, json_text_ms, switch_gap, json_live.median_gap, json_live.worst_gap,
             json_live.worst_cpu);

  gtk_window_destroy (GTK_WINDOW (b->window));
  g_clear_object (&b->inspector);
  g_clear_object (&b->client);
  g_ptr_array_unref (b->update_frames);
  g_ptr_array_unref (b->states);
  g_array_unref (b->frames);
  g_array_unref (b->frame_cpu);
  g_array_unref (b->update_ms);
  g_array_unref (b->receive_ms);
  g_array_unref (b->handler_ms);

  return 0;
}
