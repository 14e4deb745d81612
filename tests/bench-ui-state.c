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

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "rk-cbor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-inspector-private.h"
#include "rk-inspector-protocol.h"
#include "rk-inspector.h"

#include "lens-json-node.h"
#include "lens-json-tree.h"
#include "lens-state-view.h"

#define INTERVAL_MS 500
#define LONG_STRING_CHARS 40000
#define N_LONG_STRINGS 6
#define EXPANDED_USER 7
#define TIMEOUT_US (60 * G_USEC_PER_SEC)

typedef struct
{
  /* Options */
  int n_users;
  int seconds;
  gboolean verbose;

  /* Window */
  GtkWidget *window;
  LensStateView *view;
  LensJsonTree *tree;
  GtkStack *outer_stack;
  GtkStack *view_stack;
  GtkTextBuffer *buffer;
  RkClient *client;
  RkInspector *inspector;

  /* Frames */
  GArray *frames;
  GArray *frame_cpu;
  gboolean recording;
  gint64 last_paint;
  double last_cpu;

  /* Updates */
  GPtrArray *update_frames;
  GPtrArray *states;
  GArray *update_ms;
  GArray *receive_ms;
  GArray *handler_ms;
  double emit_start;
  guint next_frame;
  int expected_chars;
} Bench;

typedef struct
{
  double median_gap;
  double p99_gap;
  double worst_gap;
  double worst_cpu;
  double median_update;
  double worst_update;
  double worst_receive;
  guint n_frames;
  guint n_updates;
  guint n_long;
  gboolean decoded;
} LiveResult;

/* Measuring */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of the main thread: a frame gap with little of it is the machine
 * being busy elsewhere, not the view */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
rss_mb (void)
{
  g_autofree char *text = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%lu %lu", &size, &resident) != 2)
    return 0;

  return resident * (double)sysconf (_SC_PAGESIZE) / 1e6;
}

/* Heap in use; run with G_SLICE=always-malloc for JSON nodes to count as freed */
static double
heap_mb (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (info.uordblks + info.hblkhd) / 1e6;
}

static void
print_memory (const char *prefix)
{
  g_print ("%s_heap_mb=%.0f\n%s_rss_mb=%.0f\n", prefix, heap_mb (), prefix, rss_mb ());
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  g_autoptr(GArray) sorted = NULL;

  if (values->len == 0)
    return 0;

  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  return g_array_index (sorted, double, MIN (sorted->len - 1, (guint)(p * sorted->len)));
}

static double
median (GArray *values)
{
  return percentile (values, 0.5);
}

static double
maximum (GArray *values)
{
  double max = 0;

  for (guint i = 0; i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));

  return max;
}

/* The state: 20k users, a few long strings, counters, a BigInt, bytes and a
 * Set. Generation @gen changes a few values, as a live actor does. */

static const char *cities[] = {
  "Lisbon", "Nairobi", "Osaka", "Toronto", "Valparaíso", "Tallinn", "Hanoi", "Reykjavík",
};
static const char *roles[] = { "admin", "editor", "viewer", "guest" };

static JsonNode *
make_user (int i,
           int gen)
{
  g_autoptr(JsonObject) user = json_object_new ();
  g_autoptr(JsonObject) address = json_object_new ();
  g_autoptr(JsonArray) tags = json_array_new ();
  char buf[64];
  JsonNode *node;

  json_object_set_int_member (user, "id", i);
  if (i == 19990)
    g_snprintf (buf, sizeof buf, "Renamed %d", gen);
  else
    g_snprintf (buf, sizeof buf, "User %05d", i);
  json_object_set_string_member (user, "name", buf);
  g_snprintf (buf, sizeof buf, "user%05d@example.com", i);
  json_object_set_string_member (user, "email", buf);
  json_object_set_int_member (user, "age", 18 + i % 60);
  json_object_set_double_member (user, "score", i * 0.37 + (i == EXPANDED_USER ? gen * 1.5 : 0));
  json_object_set_boolean_member (user, "active", i % 3 != 0);
  json_object_set_string_member (user, "role", roles[i % G_N_ELEMENTS (roles)]);
  g_snprintf (buf, sizeof buf, "t%d", i % 17);
  json_array_add_string_element (tags, buf);
  g_snprintf (buf, sizeof buf, "t%d", i % 5);
  json_array_add_string_element (tags, buf);
  json_object_set_array_member (user, "tags", g_steal_pointer (&tags));
  json_object_set_string_member (address, "city", cities[i % G_N_ELEMENTS (cities)]);
  g_snprintf (buf, sizeof buf, "%05d", (i * 7919) % 100000);
  json_object_set_string_member (address, "zip", buf);
  g_snprintf (buf, sizeof buf, "%d Main Street", i % 997);
  json_object_set_string_member (address, "street", buf);
  json_object_set_object_member (user, "address", g_steal_pointer (&address));
  json_object_set_int_member (user, "lastSeen",
                              G_GINT64_CONSTANT (1700000000000) + i * 1000 +
                              (i == 12345 ? gen : 0));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&user));
  return node;
}

static JsonNode *
make_state (int n_users,
            int gen)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonObject) counters = json_object_new ();
  g_autoptr(JsonObject) meta = json_object_new ();
  g_autoptr(JsonArray) users = json_array_sized_new (n_users);
  g_autoptr(JsonArray) log = json_array_new ();
  g_autoptr(JsonArray) set = json_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  guint8 raw[2048];
  JsonNode *node;

  json_object_set_int_member (meta, "version", 3);
  json_object_set_int_member (meta, "generation", gen);
  json_object_set_string_member (meta, "owner", "bench");
  json_object_set_object_member (root, "meta", g_steal_pointer (&meta));

  for (int i = 0; i < 40; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "counter%02d", i);
      json_object_set_int_member (counters, name, i * 100 + (i == 0 ? gen : 0));
    }
  json_object_set_object_member (root, "counters", g_steal_pointer (&counters));

  json_object_set_member (root, "totalSupply",
                          rk_compat_new_bigint ("123456789012345678901234567890"));
  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8)(i * 31 + 7);
  bytes = g_bytes_new (raw, sizeof raw);
  json_object_set_member (root, "avatar", rk_compat_new_bytes (bytes, RK_VALUE_KIND_UINT8ARRAY));
  for (int i = 0; i < 5; i++)
    json_array_add_int_element (set, i * i);
  json_object_set_member (root, "seen", rk_compat_new_set (set));

  for (int i = 0; i < N_LONG_STRINGS; i++)
    {
      GString *text = g_string_sized_new (LONG_STRING_CHARS + 64);

      while (text->len < LONG_STRING_CHARS)
        g_string_append_printf (text, "line %" G_GSIZE_FORMAT " of log %d: all quiet. ",
                                text->len, i);
      json_array_add_string_element (log, text->str);
      g_string_free (text, TRUE);
    }
  json_object_set_array_member (root, "log", g_steal_pointer (&log));

  for (int i = 0; i < n_users; i++)
    json_array_add_element (users, make_user (i, gen));
  json_object_set_array_member (root, "users", g_steal_pointer (&users));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&root));
  return node;
}

/* A STATE_UPDATED frame as RivetKit 2.2 sends it: version 4, tag 5, then
 * the state as BARE data (a uint length and the CBOR bytes). */
static GBytes *
make_frame (JsonNode *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cbor = rk_cbor_encode (state, &error);
  GByteArray *frame = g_byte_array_new ();
  gsize length = 0;
  const guint8 *data;
  guint64 n;
  guint8 byte;

  g_assert_no_error (error);
  data = g_bytes_get_data (cbor, &length);
  g_byte_array_append (frame, (const guint8 *)"\x04\x00\x05", 3);
  for (n = length; n >= 0x80; n >>= 7)
    {
      byte = (guint8)(n & 0x7f) | 0x80;
      g_byte_array_append (frame, &byte, 1);
    }
  byte = (guint8)n;
  g_byte_array_append (frame, &byte, 1);
  g_byte_array_append (frame, data, length);

  return g_byte_array_free_to_bytes (frame);
}

static RkInspectorMessage *
decode_frame (GBytes *frame)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (frame, &length);
  RkInspectorMessage *message = rk_inspector_message_decode (data, length, &error);

  g_assert_no_error (error);
  g_assert_true (message->kind == RK_INSPECTOR_MESSAGE_STATE_UPDATED);
  return message;
}

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

static void
print_live (const char *prefix,
            LiveResult *r)
{
  g_print ("%s_updates=%u\n", prefix, r->n_updates);
  g_print ("%s_frames=%u\n", prefix, r->n_frames);
  g_print ("%s_gap_median_ms=%.1f\n", prefix, r->median_gap);
  g_print ("%s_gap_p99_ms=%.1f\n", prefix, r->p99_gap);
  g_print ("%s_gap_worst_ms=%.1f\n", prefix, r->worst_gap);
  g_print ("%s_gaps_over_50ms=%u\n", prefix, r->n_long);
  g_print ("%s_main_cpu_between_frames_worst_ms=%.1f\n", prefix, r->worst_cpu);
  g_print ("%s_update_median_ms=%.1f\n", prefix, r->median_update);
  g_print ("%s_update_worst_ms=%.1f\n", prefix, r->worst_update);
  if (r->decoded)
    g_print ("%s_receive_worst_ms=%.2f\n", prefix, r->worst_receive);
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

static double
time_it (void (*fn) (gpointer data),
         gpointer data)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < 3; i++)
    {
      double start = now_ms ();
      double took;

      fn (data);
      took = now_ms () - start;
      g_array_append_val (times, took);
    }

  return median (times);
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
