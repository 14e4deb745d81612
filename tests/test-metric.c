/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-metric.c: the inspector's per-actor metrics (`GET /inspector/metrics`) */

#define G_LOG_DOMAIN "test-metric"

#include "config.h"

#include "rk-compat.h"
#include "rk-error.h"
#include "rk-metric.h"
#include "rk-test-util.h"

static RkMetric *
find (GPtrArray  *metrics,
      const char *name)
{
  for (guint i = 0; i < metrics->len; i++)
    if (g_str_equal (rk_metric_get_name (g_ptr_array_index (metrics, i)), name))
      return g_ptr_array_index (metrics, i);
  return NULL;
}

/* The reply a 2.2.1 actor gave after 10 calls, 3 of them failing. */
static void
test_fixture (void)
{
  g_autofree char *text = rk_test_fixture_text ("inspector-metrics.json", NULL);
  g_autoptr(JsonNode) plain = rk_test_json (text);
  g_autoptr(JsonNode) reply = rk_compat_from_plain (plain);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) metrics = rk_metrics_parse (reply, &error);
  RkMetric *metric;
  double value, total_ms;

  g_assert_no_error (error);
  g_assert_nonnull (metrics);
  g_assert_cmpuint (metrics->len, ==, json_object_get_size (json_node_get_object (plain)));

  /* Sorted by name. */
  for (guint i = 1; i < metrics->len; i++)
    g_assert_cmpstr (rk_metric_get_name (g_ptr_array_index (metrics, i - 1)), <,
                     rk_metric_get_name (g_ptr_array_index (metrics, i)));

  metric = find (metrics, "action_calls");
  g_assert_nonnull (metric);
  g_assert_cmpint (rk_metric_get_kind (metric), ==, RK_METRIC_KIND_COUNTER);
  g_assert_cmpfloat (rk_metric_get_value (metric), ==, 10);
  g_assert_cmpstr (rk_metric_get_help (metric), ==, "Total action invocations");
  g_assert_cmpuint (rk_metric_get_n_labels (metric), ==, 0);

  metric = find (metrics, "action_errors");
  g_assert_cmpfloat (rk_metric_get_value (metric), ==, 3);

  metric = find (metrics, "startup_total_ms");
  g_assert_cmpint (rk_metric_get_kind (metric), ==, RK_METRIC_KIND_GAUGE);
  g_assert_cmpfloat_with_epsilon (rk_metric_get_value (metric), 2.1126, 0.001);

  metric = find (metrics, "sql_statements");
  g_assert_cmpint (rk_metric_get_kind (metric), ==, RK_METRIC_KIND_LABELED_COUNTER);
  g_assert_cmpuint (rk_metric_get_n_labels (metric), ==, 5);
  g_assert_cmpstr (rk_metric_get_label (metric, 0, &value, NULL), ==, "select");
  g_assert_cmpfloat (value, ==, 0);

  metric = find (metrics, "kv_operations");
  g_assert_cmpint (rk_metric_get_kind (metric), ==, RK_METRIC_KIND_LABELED_TIMING);
  g_assert_cmpuint (rk_metric_get_n_labels (metric), ==, 5);
  g_assert_cmpstr (rk_metric_get_label (metric, 2, &value, &total_ms), ==, "put");
  g_assert_cmpfloat (value, ==, 0);
  g_assert_cmpfloat (total_ms, ==, 0);
}

static void
test_labels_sum (void)
{
  g_autoptr(JsonNode) reply = rk_test_json (
    "{\"kv\":{\"type\":\"labeled_timing\",\"help\":\"h\",\"values\":{"
    "\"get\":{\"calls\":3,\"keys\":4,\"totalMs\":1.5},\"put\":{\"calls\":2,\"totalMs\":0.5}}},"
    "\"sql\":{\"type\":\"labeled_counter\",\"values\":{\"select\":7,\"insert\":2}},"
    "\"future\":{\"type\":\"histogram\",\"help\":5,\"buckets\":[1,2]}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) metrics = rk_metrics_parse (reply, &error);
  RkMetric *metric;
  double total_ms;

  g_assert_no_error (error);
  metric = find (metrics, "kv");
  g_assert_cmpfloat (rk_metric_get_value (metric), ==, 5);
  g_assert_cmpfloat (rk_metric_get_total_ms (metric), ==, 2);
  g_assert_cmpstr (rk_metric_get_label (metric, 1, NULL, &total_ms), ==, "put");
  g_assert_cmpfloat (total_ms, ==, 0.5);

  metric = find (metrics, "sql");
  g_assert_cmpfloat (rk_metric_get_value (metric), ==, 9);
  g_assert_cmpstr (rk_metric_get_help (metric), ==, "");

  /* A kind from a newer server keeps its name; a non-string help is "". */
  metric = find (metrics, "future");
  g_assert_cmpint (rk_metric_get_kind (metric), ==, RK_METRIC_KIND_OTHER);
  g_assert_cmpstr (rk_metric_get_help (metric), ==, "");
}

static void
test_invalid (void)
{
  static const char *cases[] = {
    "[]",
    "42",
    "{\"a\":1}",
    "{\"a\":{\"type\":\"counter\",\"value\":\"ten\"}}",
    "{\"a\":{\"type\":\"gauge\"}}",
    "{\"a\":{\"type\":\"labeled_counter\",\"values\":{\"x\":\"y\"}}}",
    "{\"a\":{\"type\":\"labeled_timing\",\"values\":{\"x\":{\"totalMs\":1}}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) reply = rk_test_json (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) metrics = rk_metrics_parse (reply, &error);

      g_test_message ("%s", cases[i]);
      g_assert_null (metrics);
      g_assert_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/metric/fixture", test_fixture);
  g_test_add_func ("/rk/metric/labels-sum", test_labels_sum);
  g_test_add_func ("/rk/metric/invalid", test_invalid);

  return g_test_run ();
}
