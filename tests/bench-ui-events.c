/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-events.c: the Events page under a stream of events (a tool, not a test)
 *
 *   bench-ui-events [--seconds S] [--rate R] [--endpoint URL] [--size N] [--filter WORD]
 *                   [--screenshot PNG]
 *
 * Shows a real LensEventsView in a window, follow on, and streams R events/s (default 10,000)
 * into it for S seconds (default 12). Every second it types one key into the filter entry:
 * the letters of WORD, then as many backspaces (--filter WORD; "needle", which 1% of the
 * replayed events have, or "12" with a server). It prints `key=value` lines, then a summary:
 *
 *   frames, fps, frame_gap_{median,p95,worst}_ms   gaps between "after-paint"s of the
 *       window's GdkFrameClock; a tick callback keeps the clock running, as an animation
 *       would, so a gap is time the main loop could not paint. frame_gap_histogram, and
 *       frame_gaps_longest: the five longest, when they began, "(filter)" if a filter was
 *       applied in them
 *   echo_{median,worst}_ms          from a key to the first frame painted after it
 *   filter_apply_{median,worst}_ms  from a key to RkEventLog:filter-text (includes the
 *                                   search entry's own search-delay)
 *   filter_paint_{median,worst}_ms  from a key to the first frame painted after the filter
 *                                   applied: what the user waits for
 *   events_per_s, log_n_events      appended, and the log size at the end
 *   {update,layout,paint}_{median,p95,worst}_ms   the phases of a frame: update has the
 *                                   tick callbacks, paint the rendering
 *   filter_rescan_*, filter_items_changed_*   where applying a filter goes: the log's
 *                                   rescan, and GTK taking the new model (items-changed)
 *   filter_items_changed_cpu_*      the same in main thread CPU time: what other processes
 *                                   on the machine do not change
 *   {update,layout,paint}_cpu_*     the same for the phases
 *   items_changed_per_frame         log items-changed per painted frame
 *   label_updates_per_s             text changes of the view's labels
 *   follow_at_bottom_pct            frames that show the newest row
 *   cpu_pct, main_thread_cpu_pct    of one core, the whole process (GL renderer threads
 *                                   included) and the main loop
 *   idle_frames_per_s               frames in the second after the stream stops (the page
 *                                   must not keep the frame clock running)
 *
 * Without --endpoint (the default) events are replayed: real-format JSON Event frames
 * ({"body":{"tag":"Event","val":{"name":"tick","args":[…]}}}) decoded as RkConnection does
 * (rk_compat_parse (), body.val.name and args) and emitted as the "event" signal of two
 * RkConnections on the page, paced from a 1 ms main-loop timer, so they reach the log
 * through the connection's own path (rk_event_log_attach ()'s handler and
 * rk_event_log_append ()). With --endpoint (a server from bench-server) a real connection
 * to the `storm` actor is subscribed to `tick`, and storm.burst () is called every 10 ms
 * with the events due.
 *
 * Run it under Xvfb: xvfb-run -a -s "-screen 0 1400x900x24" bench-ui-events
 * (GSETTINGS_SCHEMA_DIR=<build>/data). Build it optimised: the numbers of a debug build say
 * little. The frame numbers follow the CPU the machine leaves: compare runs side by side.
 * BENCH_UI_TRACE=FILE writes every frame (its phases) and key with their times.
 */

#define G_LOG_DOMAIN "bench-ui-events"

#include "config.h"

#include "bench-ui-events-private.h"

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

/* A capture of Event frames as an actor sends them: tick(i, {user, text, level}); one in
 * 100 mentions "needle" */
static GPtrArray *
make_capture (guint size)
{
  static const char *const users[] = { "alice", "bob", "carol", "dave", "erin" };
  static const char *const words[] = {
    "status", "update", "ping", "order", "shipped", "retry", "queue", "cache", "warm",
    "cold", "done", "open", "close", "sync", "delta", "batch",
  };
  GPtrArray *frames = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_FRAMES; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint w = i * 7;

      while (text->len < size)
        {
          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, words[w++ % G_N_ELEMENTS (words)]);
        }
      if (i % 100 == 42)
        g_string_append (text, " Needle");

      g_ptr_array_add (frames,
                       g_strdup_printf ("{\"body\":{\"tag\":\"Event\",\"val\":{\"name\":\"tick\","
                                        "\"args\":[%u,{\"user\":\"%s\",\"text\":\"%s\","
                                        "\"level\":\"%s\"}]}}}",
                                        i, users[i % G_N_ELEMENTS (users)], text->str,
                                        i % 10 == 0 ? "warn" : "info"));
    }

  return frames;
}

/* What RkConnection does with a text frame, up to its "event" signal */
static void
replay_frame (Bench        *bench,
              RkConnection *connection,
              const char   *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = rk_compat_parse (frame, -1, &error);
  JsonObject *body;
  JsonObject *val;

  if (root == NULL)
    g_error ("A replayed frame does not decode: %s", error->message);

  body = json_object_get_object_member (json_node_get_object (root), "body");
  val = json_object_get_object_member (body, "val");
  g_signal_emit_by_name (connection, "event", json_object_get_string_member (val, "name"),
                         json_object_get_member (val, "args"));
}

/* Typing */

static void
type_key (Bench *bench)
{
  guint length = strlen (bench->word);
  guint step = bench->n_typed % (2 * length);
  Keystroke stroke = { now_us (), 0, 0, 0, 0, 0, 0, 0, { 0, 0, 0 } };
  int end;

  g_array_append_val (bench->keystrokes, stroke);
  bench->n_typed++;

  /* The letters of the word, then backspaces */
  end = (int)strlen (gtk_editable_get_text (bench->filter));
  if (step >= length)
    gtk_editable_delete_text (bench->filter, MAX (0, end - 1), end);
  else
    gtk_editable_insert_text (bench->filter, bench->word + step, 1, &end);
  gtk_editable_set_position (bench->filter, -1);
}

static Keystroke *
last_keystroke (Bench *bench)
{
  if (bench->keystrokes->len == 0)
    return NULL;
  return &g_array_index (bench->keystrokes, Keystroke, bench->keystrokes->len - 1);
}

/* Emission hooks run before the handlers: when search-changed and items-changed begin */
static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               user_data)
{
  Bench *bench = user_data;
  Keystroke *stroke = last_keystroke (bench);

  if (stroke != NULL && stroke->search_time == 0 && bench->streaming)
    stroke->search_time = now_us ();
  return TRUE;
}

static gboolean
items_changed_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  Bench *bench = user_data;
  Keystroke *stroke = last_keystroke (bench);

  if (g_value_get_object (&values[0]) == (GObject *)bench->log &&
      stroke != NULL && stroke->search_time != 0 && stroke->changed_time == 0)
    {
      stroke->changed_time = now_us ();
      stroke->changed_cpu = thread_cpu_us ();
    }
  return TRUE;
}

static void
filter_text_cb (Bench *bench)
{
  Keystroke *stroke = last_keystroke (bench);
  const char *applied = rk_event_log_get_filter_text (bench->log);

  if (stroke != NULL && stroke->apply_time == 0 &&
      g_strcmp0 (applied ? applied : "", gtk_editable_get_text (bench->filter)) == 0)
    {
      stroke->apply_time = now_us ();
      stroke->apply_cpu = thread_cpu_us ();
    }
}

/* Frames */

/* An emission hook runs before the handlers, GTK's own included: when each phase begins */
static gboolean
phase_hook (GSignalInvocationHint *hint,
            guint                  n_values,
            const GValue          *values,
            gpointer               user_data)
{
  Bench *bench = user_data;
  const char *name = g_signal_name (hint->signal_id);
  guint phase = g_str_equal (name, "before-paint") ? 0 : g_str_equal (name, "layout") ? 1 : 2;

  if (g_value_get_object (&values[0]) == (GObject *)gtk_widget_get_frame_clock (bench->window))
    {
      bench->phase_start[phase] = now_us ();
      bench->phase_cpu[phase] = thread_cpu_us ();
    }
  return TRUE;
}

static void
record_phases (Bench  *bench,
               gint64  now)
{
  gint64 ends[3] = { bench->phase_start[1], bench->phase_start[2], now };
  gint64 cpu_now = thread_cpu_us ();
  gint64 cpu_ends[3] = { bench->phase_cpu[1], bench->phase_cpu[2], cpu_now };

  for (guint i = 0; i < 3; i++)
    {
      gboolean known = bench->phase_start[i] != 0 && ends[i] >= bench->phase_start[i];
      gint64 duration = known ? ends[i] - bench->phase_start[i] : 0;
      gint64 cpu = known ? cpu_ends[i] - bench->phase_cpu[i] : 0;

      g_array_append_val (bench->phases[i], duration);
      g_array_append_val (bench->phases_cpu[i], cpu);
    }
  memset (bench->phase_start, 0, sizeof bench->phase_start);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = now_us ();
  Keystroke *stroke = last_keystroke (bench);
  double value, upper, page;

  if (!bench->streaming)
    {
      bench->idle_frames++;
      return;
    }

  g_array_append_val (bench->paints, now);
  record_phases (bench, now);

  if (stroke != NULL && stroke->echo_time == 0)
    stroke->echo_time = now;
  if (stroke != NULL && stroke->apply_time != 0 && stroke->paint_time == 0)
    {
      stroke->paint_time = now;
      for (guint i = 0; i < 3; i++)
        stroke->frame_phases[i] = g_array_index (bench->phases[i], gint64,
                                                 bench->phases[i]->len - 1);
    }

  /* Following: is the newest row in view? */
  value = gtk_adjustment_get_value (bench->vadjustment);
  upper = gtk_adjustment_get_upper (bench->vadjustment);
  page = gtk_adjustment_get_page_size (bench->vadjustment);
  bench->paints_checked++;
  if (value + page >= upper - 1)
    bench->at_bottom++;
}

/* Keeps the frame clock running, as an animation would */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
items_changed_cb (Bench *bench)
{
  if (bench->streaming)
    bench->items_changed++;
}

static void
label_changed_cb (Bench *bench)
{
  if (bench->streaming)
    bench->label_updates++;
}

static void
watch_labels (Bench     *bench,
              GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    g_signal_connect_swapped (widget, "notify::label", G_CALLBACK (label_changed_cb), bench);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_labels (bench, child);
}

/* Streaming */

static void
burst_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  bench->bursts_in_flight--;
  reply = rk_connection_action_finish (RK_CONNECTION (object), result, &error);
  if (reply == NULL && bench->streaming)
    g_warning ("storm.burst: %s", error->message);
}

static void
request_burst (Bench *bench,
               guint  count)
{
  g_autoptr(JsonNode) args = json_node_init_array (json_node_alloc (), json_array_new ());

  json_array_add_int_element (json_node_get_array (args), count);
  json_array_add_int_element (json_node_get_array (args), bench->size);
  bench->bursts_in_flight++;
  bench->requested += count;
  rk_connection_action_async (bench->storm, "burst", args, NULL, burst_cb, bench);
}

static gboolean
pace_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = now_us ();
  guint64 due = (guint64)((MIN (now, bench->end) - bench->start) * bench->rate / G_USEC_PER_SEC);
  guint64 typed_due = (guint64)((now - bench->start) / TYPE_INTERVAL_US);

  if (bench->storm != NULL)
    {
      if (due > bench->requested && bench->bursts_in_flight < MAX_BURSTS_IN_FLIGHT)
        request_burst (bench, (guint)(due - bench->requested));
    }
  else
    {
      for (; bench->sent < due; bench->sent++)
        replay_frame (bench, bench->replay[bench->sent % N_REPLAY_CONNECTIONS],
                      g_ptr_array_index (bench->frames, bench->sent % N_FRAMES));
    }

  if (typed_due > bench->n_typed && now < bench->end)
    type_key (bench);

  if (now >= bench->end)
    {
      g_main_loop_quit (bench->loop);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Setup */

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
setup_replay (Bench *bench)
{
  g_autoptr(GError) error = NULL;

  bench->client = rk_client_new (DEAD_ENDPOINT, NULL, NULL, &error);
  if (bench->client == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < N_REPLAY_CONNECTIONS; i++)
    {
      g_autofree char *actor_id = g_strdup_printf ("0123456789abcde%u", i);

      bench->replay[i] = rk_client_connect (bench->client, actor_id, NULL);
      g_list_store_append (bench->connections, bench->replay[i]);
    }
}

static void
setup_server (Bench *bench)
{
  const char *key[] = { "bench-ui", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) actor = NULL;
  GAsyncResult *result = NULL;
  gboolean connected = FALSE;
  gint64 deadline;

  bench->client = rk_client_new (bench->endpoint, NULL, NULL, &error);
  if (bench->client == NULL)
    g_error ("%s", error->message);

  rk_client_get_or_create_actor_async (bench->client, "storm", key, NULL, NULL, wait_cb,
                                       &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  actor = rk_client_get_or_create_actor_finish (bench->client, result, NULL, &error);
  g_object_unref (result);
  if (actor == NULL)
    g_error ("storm.getOrCreate: %s", error->message);

  bench->storm = rk_client_connect (bench->client, rk_actor_get_id (actor), NULL);
  g_list_store_append (bench->connections, bench->storm);
  rk_connection_open (bench->storm);

  deadline = now_us () + 30 * G_USEC_PER_SEC;
  while (!connected && now_us () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      connected = rk_connection_get_status (bench->storm) == RK_CONNECTION_STATUS_CONNECTED;
    }
  if (!connected)
    g_error ("Could not connect to the storm actor at %s", bench->endpoint);
}

static void
load_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  GdkDisplay *display = gdk_display_get_default ();

  /* What AdwApplication:resource-base-path does for the real app */
  gtk_css_provider_load_from_resource (css, "/io/github/actorlens/ActorLens/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/io/github/actorlens/ActorLens/icons");
}

static void
setup_window (Bench *bench)
{
  GtkScrolledWindow *scroller;
  GdkFrameClock *clock;
  gboolean follow = FALSE;

  bench->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bench->window), 1200, 800);
  bench->view = LENS_EVENTS_VIEW (lens_events_view_new ());
  gtk_window_set_child (GTK_WINDOW (bench->window), GTK_WIDGET (bench->view));
  bench->log = lens_events_view_get_log (bench->view);

  g_object_set (bench->view, "connections", bench->connections, NULL);
  lens_events_view_subscribe (bench->view, "tick");
  g_object_get (bench->view, "follow", &follow, NULL);
  if (!follow)
    g_error ("The view does not follow the newest event by default");

  bench->filter = GTK_EDITABLE (find_descendant (GTK_WIDGET (bench->view),
                                                 GTK_TYPE_SEARCH_ENTRY));
  scroller = GTK_SCROLLED_WINDOW (find_descendant (GTK_WIDGET (bench->view),
                                                   GTK_TYPE_SCROLLED_WINDOW));
  bench->vadjustment = gtk_scrolled_window_get_vadjustment (scroller);

  g_signal_connect_swapped (bench->log, "items-changed", G_CALLBACK (items_changed_cb), bench);
  g_signal_connect_swapped (bench->log, "notify::filter-text", G_CALLBACK (filter_text_cb),
                            bench);
  watch_labels (bench, GTK_WIDGET (bench->view));
  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              search_changed_hook, bench, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL), 0,
                              items_changed_hook, bench, NULL);

  gtk_window_present (GTK_WINDOW (bench->window));
  gtk_widget_grab_focus (GTK_WIDGET (bench->filter));
  iterate_for (500);

  clock = gtk_widget_get_frame_clock (bench->window);
  if (clock == NULL)
    g_error ("The window has no frame clock: is there a display?");
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
  g_signal_add_emission_hook (g_signal_lookup ("before-paint", GDK_TYPE_FRAME_CLOCK), 0,
                              phase_hook, bench, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("layout", GDK_TYPE_FRAME_CLOCK), 0,
                              phase_hook, bench, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("paint", GDK_TYPE_FRAME_CLOCK), 0,
                              phase_hook, bench, NULL);
  bench->tick_id = gtk_widget_add_tick_callback (bench->window, tick_cb, NULL, NULL);
}

/* Saves what the window shows at the end, to check the rows by eye */
static void
save_screenshot (Bench      *bench,
                 const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (bench->window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (bench->window);
  int height = gtk_widget_get_height (bench->window);

  /* A frame may not be ready yet */
  for (guint i = 0; i < 20 && node == NULL; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      iterate_for (50);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  if (node == NULL)
    {
      g_printerr ("bench-ui-events: nothing to save in %s\n", path);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (bench->window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("bench-ui-events: could not save %s\n", path);
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  char *endpoint = NULL;
  char *screenshot = NULL;
  char *word = NULL;
  double rate = 10000;
  double seconds = 12;
  int size = 48;
  GOptionEntry entries[] = {
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Events per second (10000)", "R" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "How long to stream (12)", "S" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Text bytes per event (48)", "N" },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint, "A server with the storm actor", "URL" },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &word, "Type WORD in the filter, then erase it",
      "WORD" },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &screenshot, "Save the window at the end",
      "PNG" },
    { NULL }
  };

  context = g_option_context_new ("- the Events page under load");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-ui-events: %s\n", error->message);
      return 2;
    }

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-ui-events: no display; run it under xvfb-run\n");
      return 77;
    }

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();
  load_style ();

  bench.rate = rate;
  bench.size = (guint)MAX (size, 1);
  bench.endpoint = endpoint;
  bench.word = word != NULL && word[0] != '\0' ? word : endpoint != NULL ? "12" : "needle";
  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.connections = g_list_store_new (RK_TYPE_CONNECTION);
  bench.frames = make_capture (bench.size);
  bench.paints = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.keystrokes = g_array_new (FALSE, FALSE, sizeof (Keystroke));
  for (guint i = 0; i < 3; i++)
    {
      bench.phases[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
      bench.phases_cpu[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  if (endpoint != NULL)
    setup_server (&bench);
  else
    setup_replay (&bench);
  setup_window (&bench);

  bench.n_events_before = rk_event_log_get_n_events (bench.log);
  getrusage (RUSAGE_SELF, &bench.usage_before);
  bench.main_cpu_before = thread_cpu_us () / 1e6;
  bench.start = now_us ();
  bench.end = bench.start + (gint64)(seconds * G_USEC_PER_SEC);
  bench.streaming = TRUE;
  g_timeout_add (endpoint ? BURST_INTERVAL_MS : PACE_INTERVAL_MS, pace_cb, &bench);
  g_main_loop_run (bench.loop);
  bench.streaming = FALSE;

  /* Events still on their way from the server are not counted */
  rk_event_log_flush (bench.log);
  report (&bench);

  /* Once events stop, the page must let the frame clock rest (the entry's blinking cursor
   * animates: take the focus away) */
  if (bench.storm != NULL)
    rk_connection_close (bench.storm);
  gtk_widget_remove_tick_callback (bench.window, bench.tick_id);
  gtk_window_set_focus (GTK_WINDOW (bench.window), NULL);
  iterate_for (500);
  bench.idle_frames = 0;
  iterate_for (1000);
  printf ("idle_frames_per_s=%u\n", bench.idle_frames);
  fflush (stdout);
  if (screenshot != NULL)
    save_screenshot (&bench, screenshot);

  gtk_window_destroy (GTK_WINDOW (bench.window));
  iterate_for (100);

  g_clear_object (&bench.storm);
  for (guint i = 0; i < N_REPLAY_CONNECTIONS; i++)
    g_clear_object (&bench.replay[i]);
  g_clear_object (&bench.connections);
  g_clear_object (&bench.client);
  g_clear_pointer (&bench.frames, g_ptr_array_unref);
  g_clear_pointer (&bench.paints, g_array_unref);
  g_clear_pointer (&bench.keystrokes, g_array_unref);
  for (guint i = 0; i < 3; i++)
    {
      g_clear_pointer (&bench.phases[i], g_array_unref);
      g_clear_pointer (&bench.phases_cpu[i], g_array_unref);
    }
  g_clear_pointer (&bench.loop, g_main_loop_unref);
  g_free (endpoint);
  g_free (screenshot);
  g_free (word);

  return 0;
}
