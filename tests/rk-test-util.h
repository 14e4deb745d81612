/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-util.h: waiting on conditions with a timeout, capturing async results */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RK_TEST_TIMEOUT_MS 30000

typedef gboolean (*RkTestCondition) (gpointer data);

gboolean      rk_test_wait_until        (RkTestCondition   condition,
                                         gpointer          data,
                                         guint             timeout_ms);
void          rk_test_wait_flag         (const gboolean   *flag,
                                         guint             timeout_ms);
GAsyncResult *rk_test_wait_result       (GAsyncResult    **slot);
void          rk_test_store_result_cb   (GObject          *object,
                                         GAsyncResult     *result,
                                         gpointer          user_data);
JsonNode     *rk_test_json              (const char       *text);
char         *rk_test_unique_key        (const char       *prefix);
char         *rk_test_fixture_text      (const char       *name,
                                         gsize            *length);
GBytes       *rk_test_fixture_bytes     (const char       *name);

void          rk_test_run_for           (guint             ms);
gboolean      rk_test_tick_cb           (gpointer          data);

/* Waits for @expr with the default timeout, failing the test otherwise.
 * A 20 ms tick wakes the loop to re-check conditions that change without
 * a main-loop event. */
#define rk_test_wait_for(expr) rk_test_wait_for_ms (expr, RK_TEST_TIMEOUT_MS)

#define rk_test_wait_for_ms(expr, ms) \
  G_STMT_START { \
    gint64 _deadline = g_get_monotonic_time () + (gint64)(ms) * 1000; \
    guint _tick = g_timeout_add (20, rk_test_tick_cb, NULL); \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > _deadline) \
          g_error ("%s:%d: timed out after %d ms waiting for %s", \
                   __FILE__, __LINE__, (int)(ms), #expr); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (_tick); \
  } G_STMT_END

G_END_DECLS
