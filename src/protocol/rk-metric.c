/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-metric.c: one of an actor's inspector metrics
 *
 * `GET /inspector/metrics` (RivetKit 2.2; absent on 2.3) answers an object of
 * named metrics, each `{"type", "help", "value"}` or, for the labeled kinds,
 * `{"type", "help", "values": {label: number | {"calls", "keys", "totalMs"}}}`.
 * The values are kept in memory by the actor and reset when it wakes. */

#define G_LOG_DOMAIN "rk-metric"

#include "config.h"

#include "rk-error.h"
#include "rk-metric.h"

typedef struct
{
  char *label;
  double value;
  double total_ms;
} Label;

struct _RkMetric
{
  GObject parent_instance;

  char *name;
  char *help;
  RkMetricKind kind;
  double value;
  double total_ms;
  GArray *labels;
};

G_DEFINE_FINAL_TYPE (RkMetric, rk_metric, G_TYPE_OBJECT)

static void
clear_label (gpointer data)
{
  Label *label = data;

  g_free (label->label);
}

static void
rk_metric_finalize (GObject *object)
{
  RkMetric *self = RK_METRIC (object);

  g_free (self->name);
  g_free (self->help);
  g_array_unref (self->labels);

  G_OBJECT_CLASS (rk_metric_parent_class)->finalize (object);
}

static void
rk_metric_class_init (RkMetricClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rk_metric_finalize;
}

static void
rk_metric_init (RkMetric *self)
{
  self->labels = g_array_new (FALSE, TRUE, sizeof (Label));
  g_array_set_clear_func (self->labels, clear_label);
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = (double)json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *out = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static RkMetricKind
kind_from_string (const char *type)
{
  static const struct { const char *name; RkMetricKind kind; } kinds[] = {
    { "counter", RK_METRIC_KIND_COUNTER },
    { "gauge", RK_METRIC_KIND_GAUGE },
    { "labeled_counter", RK_METRIC_KIND_LABELED_COUNTER },
    { "labeled_timing", RK_METRIC_KIND_LABELED_TIMING },
  };

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (type, kinds[i].name))
      return kinds[i].kind;

  return RK_METRIC_KIND_OTHER;
}

/* A labeled entry: a number, or {"calls", "totalMs", …}. */
static gboolean
read_label (RkMetric   *self,
            const char *name,
            JsonNode   *node)
{
  Label label = { 0 };

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (!get_number (json_object_get_member (object, "calls"), &label.value))
        return FALSE;
      if (!get_number (json_object_get_member (object, "totalMs"), &label.total_ms))
        label.total_ms = 0;
    }
  else if (!get_number (node, &label.value))
    {
      return FALSE;
    }

  label.label = g_strdup (name);
  self->value += label.value;
  self->total_ms += label.total_ms;
  g_array_append_val (self->labels, label);

  return TRUE;
}

static RkMetric *
metric_new (const char  *name,
            JsonNode    *node,
            GError     **error)
{
  g_autoptr(RkMetric) self = NULL;
  JsonObject *object;
  JsonNode *values;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "The inspector metric “%s” is not an object", name);
      return NULL;
    }

  object = json_node_get_object (node);
  self = g_object_new (RK_TYPE_METRIC, NULL);
  self->name = g_strdup (name);
  self->help = g_strdup (get_string (object, "help") ? get_string (object, "help") : "");
  self->kind = kind_from_string (get_string (object, "type"));
  values = json_object_get_member (object, "values");

  if (values != NULL && JSON_NODE_HOLDS_OBJECT (values))
    {
      JsonObjectIter iter;
      const char *label;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (values));
      while (json_object_iter_next_ordered (&iter, &label, &value))
        if (!read_label (self, label, value))
          {
            g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                         "The inspector metric “%s” has an unreadable value for “%s”",
                         name, label);
            return NULL;
          }
    }
  else if (!get_number (json_object_get_member (object, "value"), &self->value))
    {
      /* A kind from a newer server may carry something else: keep its name. */
      if (self->kind != RK_METRIC_KIND_OTHER)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                       "The inspector metric “%s” has no numeric value", name);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  RkMetric *ma = *(RkMetric **)a;
  RkMetric *mb = *(RkMetric **)b;

  return g_strcmp0 (ma->name, mb->name);
}

/**
 * rk_metrics_parse:
 * @reply: the reply of `GET /inspector/metrics`, as rk_inspector_request_finish ()
 *   returns it
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RkMetric): the metrics sorted by
 *   name, or %NULL with %RK_ERROR_INVALID_REPLY when the reply is not metrics
 */
GPtrArray *
rk_metrics_parse (JsonNode  *reply,
                  GError   **error)
{
  g_autoptr(GPtrArray) metrics = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "The inspector metrics are not a JSON object");
      return NULL;
    }

  json_object_iter_init (&iter, json_node_get_object (reply));
  while (json_object_iter_next (&iter, &name, &node))
    {
      RkMetric *metric = metric_new (name, node, error);

      if (metric == NULL)
        return NULL;
      g_ptr_array_add (metrics, metric);
    }

  g_ptr_array_sort (metrics, compare_names);

  return g_steal_pointer (&metrics);
}

/**
 * rk_metric_get_name:
 * @self: a #RkMetric
 *
 * Returns: the metric's name, e.g. `action_calls`
 */
const char *
rk_metric_get_name (RkMetric *self)
{
  g_return_val_if_fail (RK_IS_METRIC (self), NULL);
  return self->name;
}

/**
 * rk_metric_get_help:
 * @self: a #RkMetric
 *
 * Returns: the server's description of the metric (English), or ""
 */
const char *
rk_metric_get_help (RkMetric *self)
{
  g_return_val_if_fail (RK_IS_METRIC (self), NULL);
  return self->help;
}

/**
 * rk_metric_get_kind:
 * @self: a #RkMetric
 *
 * Returns: its kind
 */
RkMetricKind
rk_metric_get_kind (RkMetric *self)
{
  g_return_val_if_fail (RK_IS_METRIC (self), RK_METRIC_KIND_OTHER);
  return self->kind;
}

/**
 * rk_metric_get_value:
 * @self: a #RkMetric
 *
 * Returns: the value; for the labeled kinds, the sum over the labels (of
 *   the calls, for a timing)
 */
double
rk_metric_get_value (RkMetric *self)
{
  g_return_val_if_fail (RK_IS_METRIC (self), 0);
  return self->value;
}

/**
 * rk_metric_get_total_ms:
 * @self: a #RkMetric
 *
 * Returns: for a labeled timing, the time spent over all labels, in ms; else 0
 */
double
rk_metric_get_total_ms (RkMetric *self)
{
  g_return_val_if_fail (RK_IS_METRIC (self), 0);
  return self->total_ms;
}

/**
 * rk_metric_get_n_labels:
 * @self: a #RkMetric
 *
 * Returns: the number of labels (0 for the plain kinds)
 */
guint
rk_metric_get_n_labels (RkMetric *self)
{
  g_return_val_if_fail (RK_IS_METRIC (self), 0);
  return self->labels->len;
}

/**
 * rk_metric_get_label:
 * @self: a #RkMetric
 * @index: a label's index, below rk_metric_get_n_labels ()
 * @value: (out) (optional): its value (calls, for a timing)
 * @total_ms: (out) (optional): its time in ms, for a timing
 *
 * Returns: the label, in the server's order
 */
const char *
rk_metric_get_label (RkMetric *self,
                     guint     index,
                     double   *value,
                     double   *total_ms)
{
  Label *label;

  g_return_val_if_fail (RK_IS_METRIC (self), NULL);
  g_return_val_if_fail (index < self->labels->len, NULL);

  label = &g_array_index (self->labels, Label, index);
  if (value != NULL)
    *value = label->value;
  if (total_ms != NULL)
    *total_ms = label->total_ms;

  return label->label;
}
