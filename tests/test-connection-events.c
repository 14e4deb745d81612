/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-connection-events.c: Event frames of every shape RkConnection may meet, on its fast
 * path for RivetKit's own layouts (2.2 and 2.3 key orders) and off it: each gives the same
 * event, or the same error, as the full parse */

#include "config.h"

#include <string.h>

#include "rk-compat.h"
#include "rk-error.h"
#include "rk-test-connection.h"
#include "rk-test-util.h"

typedef RkTestConnFixture Fixture;

typedef struct
{
  const char *name;
  const char *frame;
  const char *event;            /* "NAME ARGS" as the fixture records it, or NULL */
  const char *error_part;       /* a part of the error message, when no event */
} EventCase;

#define HEAD "{\"body\":{\"tag\":\"Event\",\"val\":{"

static const EventCase event_cases[] = {
  { "v22", HEAD "\"name\":\"tick\",\"args\":[1,\"a\"]}}}", "tick [1,\"a\"]", NULL },
  { "v23-sorted", HEAD "\"args\":[1,\"a\"],\"name\":\"tick\"}}}", "tick [1,\"a\"]", NULL },
  { "v23-args-quote-name", HEAD "\"args\":[\",\\\"name\\\":\\\"x\"],\"name\":\"t\"}}}",
    "t [\",\\\"name\\\":\\\"x\"]", NULL },
  { "v22-args-look-like-end", HEAD "\"name\":\"t\",\"args\":[\"}}}\"]}}}", "t [\"}}}\"]", NULL },
  { "empty-name", HEAD "\"name\":\"\",\"args\":[]}}}", " []", NULL },
  { "escaped-name", HEAD "\"name\":\"a\\\"b\",\"args\":[]}}}", "a\"b []", NULL },
  { "escaped-name-v23", HEAD "\"args\":[2],\"name\":\"a\\\\\"}}}", "a\\ [2]", NULL },
  { "unicode-name", HEAD "\"name\":\"\xc3\xb1\xe2\x82\xac\",\"args\":[]}}}",
    "\xc3\xb1\xe2\x82\xac []", NULL },
  { "unicode-escape-name", HEAD "\"name\":\"\\u00f1\",\"args\":[]}}}", "\xc3\xb1 []", NULL },
  { "args-object", HEAD "\"name\":\"o\",\"args\":{\"x\":1}}}}", "o [{\"x\":1}]", NULL },
  { "args-null", HEAD "\"name\":\"n\",\"args\":null}}}", "n [null]", NULL },
  { "args-number-v23", HEAD "\"args\":5,\"name\":\"five\"}}}", "five [5]", NULL },
  { "args-spaced", HEAD "\"name\":\"s\",\"args\": [ 1 , 2 ] }}}", "s [1,2]", NULL },
  { "args-bigint", HEAD "\"name\":\"b\",\"args\":[[\"$BigInt\",\"12345678901234567890\"]]}}}",
    "b [[\"$BigInt\",\"12345678901234567890\"]]", NULL },
  { "val-extra-member", HEAD "\"name\":\"x\",\"args\":[1],\"extra\":2}}}", "x [1]", NULL },
  { "top-extra-member", HEAD "\"name\":\"x\",\"args\":[1]}},\"y\":{\"z\":{}}}", "x [1]", NULL },
  { "name-second-v22-shape", HEAD "\"args\":[1],\"name\":\"x\",\"more\":\"\"}}}", "x [1]", NULL },
  { "long-name", HEAD "\"name\":\""
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
    "\",\"args\":[]}}}",
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
    " []", NULL },
  { "trailing-garbage", HEAD "\"name\":\"x\",\"args\":[1]}}}{\"x\":[2]}}}", NULL,
    "Unreadable message" },
  { "args-unterminated", HEAD "\"name\":\"x\",\"args\":[1}}}", NULL, "Unreadable message" },
  { "args-unknown-tag-v23", HEAD "\"args\":[[\"$Date\",\"x\"]],\"name\":\"x\"}}}", NULL,
    "$Date" },
  { "name-not-string", HEAD "\"name\":3,\"args\":[]}}}", NULL, "event without a name" },
  { "truncated-prefix", HEAD "\"name\":\"", NULL, "Unreadable message" },
  { "only-prefix-v23", HEAD "\"args\":\"}}}", NULL, "Unreadable message" },
};

static void
test_event_frame (Fixture       *f,
                  gconstpointer  data)
{
  const EventCase *c = data;
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_send (script, c->frame);
  /* A marker after it: whatever the frame gave has arrived once the marker has */
  rk_test_ws_script_send (script, HEAD "\"name\":\"end\",\"args\":[]}}}");
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_wait_for (f->events->len > 0 &&
                    g_str_equal (g_ptr_array_index (f->events, f->events->len - 1), "end []"));

  if (c->event != NULL)
    {
      g_assert_cmpuint (f->errors->len, ==, 0);
      g_assert_cmpuint (f->events->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, c->event);
    }
  else
    {
      GError *reported;

      g_assert_cmpuint (f->events->len, ==, 1);
      g_assert_cmpuint (f->errors->len, ==, 1);
      reported = g_ptr_array_index (f->errors, 0);
      if (strstr (reported->message, c->error_part) == NULL)
        g_error ("“%s” not in “%s”", c->error_part, reported->message);
    }
  g_assert_cmpint (rk_connection_get_status (f->connection), ==, RK_CONNECTION_STATUS_CONNECTED);
}

/* Nesting counts from the frame's root, wherever the arguments are parsed */
static void
test_event_depth (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { guint levels; gboolean ok; } cases[] = {
    { RK_COMPAT_MAX_DEPTH / 2, TRUE },
    { RK_COMPAT_MAX_DEPTH - 3, TRUE },
    { RK_COMPAT_MAX_DEPTH - 2, FALSE },
  };
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  guint expected_events = 1;

  rk_test_ws_script_send_init (script);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) frame = g_string_new (HEAD "\"args\":");

      for (guint k = 0; k < cases[i].levels; k++)
        g_string_append_c (frame, '[');
      for (guint k = 0; k < cases[i].levels; k++)
        g_string_append_c (frame, ']');
      g_string_append (frame, ",\"name\":\"deep\"}}}");
      rk_test_ws_script_send (script, frame->str);
      expected_events += cases[i].ok;
    }
  rk_test_ws_script_send (script, HEAD "\"name\":\"end\",\"args\":[]}}}");
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_wait_for (f->events->len > 0 &&
                    g_str_equal (g_ptr_array_index (f->events, f->events->len - 1), "end []"));

  g_assert_cmpuint (f->events->len, ==, expected_events);
  g_assert_cmpuint (f->errors->len, ==, 1);
  g_assert_nonnull (strstr (((GError *)g_ptr_array_index (f->errors, 0))->message,
                            "nesting deeper than"));
}

/* One handler gets ::event through the va marshaller, two through the GValue one */
static void
count_cb (RkConnection *connection,
          const char   *name,
          JsonNode     *args,
          gpointer      user_data)
{
  guint *count = user_data;

  g_assert_nonnull (name);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (args));
  (*count)++;
}

static void
test_event_swapped_handler (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  guint count = 0;

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_send (script, HEAD "\"name\":\"a\",\"args\":[1]}}}");
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  g_signal_connect (f->connection, "event", G_CALLBACK (count_cb), &count);
  rk_connection_open (f->connection);
  rk_test_wait_for (f->events->len == 1 && count == 1);
  g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, "a [1]");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (event_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/connection-events/frame/%s",
                                               event_cases[i].name);

      g_test_add (path, Fixture, &event_cases[i], rk_test_conn_setup, test_event_frame,
                  rk_test_conn_teardown);
    }
  g_test_add ("/rk/connection-events/depth", Fixture, NULL, rk_test_conn_setup,
              test_event_depth, rk_test_conn_teardown);
  g_test_add ("/rk/connection-events/two-handlers", Fixture, NULL, rk_test_conn_setup,
              test_event_swapped_handler, rk_test_conn_teardown);

  return g_test_run ();
}
