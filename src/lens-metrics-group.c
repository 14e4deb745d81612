/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-metrics-group.c: an actor's inspector metrics, on the Overview page
 *
 * RivetKit 2.2 actors count their action calls, errors, time, connections,
 * KV and SQL work in memory (`GET /inspector/metrics`); 2.3 has no such
 * endpoint and the group stays hidden. The metrics are read when the group
 * shows, when the inspector pushes a change of state or connections (at most
 * once a second), and on demand: an idle actor costs no requests. */

#define G_LOG_DOMAIN "lens-metrics-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-error.h"
#include "rk-metric.h"

#include "lens-metrics-group.h"

#define REFRESH_DELAY_MS 1000

typedef enum
{
  FORMAT_COUNT,
  FORMAT_MS,
  FORMAT_MEAN_MS,
  FORMAT_TIMING,
} Format;

static const struct
{
  const char *name;
  const char *title;
  Format format;
} summary[] = {
  { "action_calls", N_("Action Calls"), FORMAT_COUNT },
  { "action_errors", N_("Action Errors"), FORMAT_COUNT },
  { "action_duration_ms", N_("Mean Action Time"), FORMAT_MEAN_MS },
  { "connections_opened", N_("Connections Opened"), FORMAT_COUNT },
  { "connections_closed", N_("Connections Closed"), FORMAT_COUNT },
  { "startup_total_ms", N_("Start-Up Time"), FORMAT_MS },
  { "kv_operations", N_("KV Round Trips"), FORMAT_TIMING },
  { "sql_statements", N_("SQL Statements"), FORMAT_COUNT },
};

struct _LensMetricsGroup
{
  AdwPreferencesGroup parent_instance;

  /* Owned references */
  RkInspector *inspector;
  GSignalGroup *inspector_signals;
  GCancellable *cancellable;
  GHashTable *summary_labels;
  GHashTable *all_labels;

  /* Template widgets */
  AdwActionRow *error_row;
  AdwExpanderRow *all_row;

  /* State */
  guint refresh_source;
  guint n_metrics;
  guint loaded : 1;
};

enum {
  PROP_0,
  PROP_INSPECTOR,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensMetricsGroup, lens_metrics_group, ADW_TYPE_PREFERENCES_GROUP)

static GParamSpec *properties[N_PROPS];

static char *
format_count (double value)
{
  if (value == (double)(gint64)value)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)value);
  return g_strdup_printf ("%.2f", value);
}

static char *
format_ms (double ms)
{
  /* Translators: a duration in milliseconds */
  return g_strdup_printf (_("%.1f ms"), ms);
}

static char *
format_metric (RkMetric   *metric,
               Format      format,
               GPtrArray  *metrics)
{
  switch (format)
    {
    case FORMAT_MS:
      return format_ms (rk_metric_get_value (metric));

    case FORMAT_MEAN_MS:
      for (guint i = 0; i < metrics->len; i++)
        {
          RkMetric *calls = g_ptr_array_index (metrics, i);

          if (g_str_equal (rk_metric_get_name (calls), "action_calls"))
            return rk_metric_get_value (calls) > 0
                   ? format_ms (rk_metric_get_value (metric) / rk_metric_get_value (calls))
                   : g_strdup ("—");
        }
      return format_ms (rk_metric_get_value (metric));

    case FORMAT_TIMING:
      {
        g_autofree char *count = format_count (rk_metric_get_value (metric));
        g_autofree char *ms = format_ms (rk_metric_get_total_ms (metric));

        /* Translators: a number of calls, then their total time */
        return g_strdup_printf (_("%s · %s"), count, ms);
      }

    case FORMAT_COUNT:
    default:
      break;
    }

  switch (rk_metric_get_kind (metric))
    {
    case RK_METRIC_KIND_LABELED_TIMING:
      return format_metric (metric, FORMAT_TIMING, metrics);

    case RK_METRIC_KIND_LABELED_COUNTER:
      {
        g_autoptr(GString) text = g_string_new (NULL);

        for (guint i = 0; i < rk_metric_get_n_labels (metric); i++)
          {
            double value;
            const char *label = rk_metric_get_label (metric, i, &value, NULL);
            g_autofree char *count = format_count (value);

            g_string_append_printf (text, "%s%s %s", i > 0 ? " · " : "", label, count);
          }
        return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup ("—");
      }

    case RK_METRIC_KIND_COUNTER:
    case RK_METRIC_KIND_GAUGE:
    case RK_METRIC_KIND_OTHER:
    default:
      if (g_str_has_suffix (rk_metric_get_name (metric), "_ms"))
        return format_ms (rk_metric_get_value (metric));
      return format_count (rk_metric_get_value (metric));
    }
}

static GtkLabel *
add_row (LensMetricsGroup *self,
         GtkWidget        *parent,
         const char       *title,
         const char       *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  if (ADW_IS_EXPANDER_ROW (parent))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (parent), row);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);

  return GTK_LABEL (label);
}

static void
show_metrics (LensMetricsGroup *self,
              GPtrArray        *metrics)
{
  g_autofree char *count = NULL;

  /* The main ones first, in a fixed order; then every metric by name. */
  for (guint i = 0; i < G_N_ELEMENTS (summary); i++)
    for (guint j = 0; j < metrics->len; j++)
      {
        RkMetric *metric = g_ptr_array_index (metrics, j);
        g_autofree char *text = NULL;
        GtkLabel *label;

        if (!g_str_equal (rk_metric_get_name (metric), summary[i].name))
          continue;

        if (!(label = g_hash_table_lookup (self->summary_labels, summary[i].name)))
          {
            label = add_row (self, GTK_WIDGET (self), _(summary[i].title),
                             rk_metric_get_help (metric));
            g_hash_table_insert (self->summary_labels, g_strdup (summary[i].name), label);
          }
        text = format_metric (metric, summary[i].format, metrics);
        gtk_label_set_text (label, text);
      }

  for (guint j = 0; j < metrics->len; j++)
    {
      RkMetric *metric = g_ptr_array_index (metrics, j);
      g_autofree char *text = format_metric (metric, FORMAT_COUNT, metrics);
      GtkLabel *label = g_hash_table_lookup (self->all_labels, rk_metric_get_name (metric));

      if (label == NULL)
        {
          label = add_row (self, GTK_WIDGET (self->all_row), rk_metric_get_name (metric),
                           rk_metric_get_help (metric));
          g_hash_table_insert (self->all_labels, g_strdup (rk_metric_get_name (metric)), label);
        }
      gtk_label_set_text (label, text);
    }

  self->n_metrics = metrics->len;
  /* Translators: the number of metrics the actor reports */
  count = g_strdup_printf (ngettext ("%u metric", "%u metrics", metrics->len), metrics->len);
  adw_expander_row_set_subtitle (self->all_row, count);
  gtk_widget_set_visible (GTK_WIDGET (self->all_row), metrics->len > 0);
}

static void
metrics_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LensMetricsGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) metrics = NULL;

  reply = rk_inspector_request_finish (RK_INSPECTOR (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loaded = TRUE;

  /* 2.3: no metrics endpoint, nothing to show. */
  if (g_error_matches (error, RK_ERROR, RK_ERROR_NOT_SUPPORTED))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  if (reply != NULL)
    metrics = rk_metrics_parse (reply, &error);

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), error != NULL);
  if (error != NULL)
    {
      adw_action_row_set_subtitle (self->error_row, error->message);
      return;
    }

  show_metrics (self, metrics);
}

/**
 * lens_metrics_group_refresh:
 * @self: a #LensMetricsGroup
 *
 * Reads the metrics again, dropping a read in flight.
 */
void
lens_metrics_group_refresh (LensMetricsGroup *self)
{
  g_return_if_fail (LENS_IS_METRICS_GROUP (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->inspector == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  rk_inspector_get_metrics_async (self->inspector, self->cancellable, metrics_cb,
                                  g_object_ref (self));
}

static gboolean
refresh_cb (gpointer user_data)
{
  LensMetricsGroup *self = user_data;

  self->refresh_source = 0;
  lens_metrics_group_refresh (self);

  return G_SOURCE_REMOVE;
}

/* The actor did something: read the metrics again soon, once. */
static void
inspector_changed_cb (LensMetricsGroup *self)
{
  if (self->refresh_source != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lens_metrics_group_refresh (LENS_METRICS_GROUP (widget));
}

static void
clear_rows (LensMetricsGroup *self)
{
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->summary_labels);
  while (g_hash_table_iter_next (&iter, NULL, &label))
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self),
                                  gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW));
  g_hash_table_iter_init (&iter, self->all_labels);
  while (g_hash_table_iter_next (&iter, NULL, &label))
    adw_expander_row_remove (self->all_row, gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW));
  g_hash_table_remove_all (self->summary_labels);
  g_hash_table_remove_all (self->all_labels);
  self->n_metrics = 0;
  self->loaded = FALSE;
}

/**
 * lens_metrics_group_set_inspector:
 * @self: a #LensMetricsGroup
 * @inspector: (nullable): the actor's inspector
 */
void
lens_metrics_group_set_inspector (LensMetricsGroup *self,
                                  RkInspector      *inspector)
{
  g_return_if_fail (LENS_IS_METRICS_GROUP (self));
  g_return_if_fail (inspector == NULL || RK_IS_INSPECTOR (inspector));

  if (!g_set_object (&self->inspector, inspector))
    return;

  g_signal_group_set_target (self->inspector_signals, inspector);
  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), FALSE);
  lens_metrics_group_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSPECTOR]);
}

/**
 * lens_metrics_group_get_inspector:
 * @self: a #LensMetricsGroup
 *
 * Returns: (transfer none) (nullable): the inspector
 */
RkInspector *
lens_metrics_group_get_inspector (LensMetricsGroup *self)
{
  g_return_val_if_fail (LENS_IS_METRICS_GROUP (self), NULL);
  return self->inspector;
}

/**
 * lens_metrics_group_get_n_metrics:
 * @self: a #LensMetricsGroup
 *
 * Returns: how many metrics the last read showed
 */
guint
lens_metrics_group_get_n_metrics (LensMetricsGroup *self)
{
  g_return_val_if_fail (LENS_IS_METRICS_GROUP (self), 0);
  return self->n_metrics;
}

/**
 * lens_metrics_group_get_loaded:
 * @self: a #LensMetricsGroup
 *
 * Returns: whether a read of the metrics finished since the inspector was set
 *   (with metrics, an error, or the news that the server has none)
 */
gboolean
lens_metrics_group_get_loaded (LensMetricsGroup *self)
{
  g_return_val_if_fail (LENS_IS_METRICS_GROUP (self), FALSE);
  return self->loaded;
}

/**
 * lens_metrics_group_get_text:
 * @self: a #LensMetricsGroup
 * @name: a metric's name, e.g. `action_calls`
 *
 * Returns: (nullable): the value shown for @name in the list of all metrics
 */
const char *
lens_metrics_group_get_text (LensMetricsGroup *self,
                             const char       *name)
{
  GtkLabel *label;

  g_return_val_if_fail (LENS_IS_METRICS_GROUP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  label = g_hash_table_lookup (self->all_labels, name);
  return label ? gtk_label_get_text (label) : NULL;
}

static void
lens_metrics_group_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lens_metrics_group_parent_class)->map (widget);
  lens_metrics_group_refresh (LENS_METRICS_GROUP (widget));
}

static void
lens_metrics_group_dispose (GObject *object)
{
  LensMetricsGroup *self = LENS_METRICS_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->inspector_signals != NULL)
    g_signal_group_set_target (self->inspector_signals, NULL);
  g_clear_object (&self->inspector_signals);
  g_clear_object (&self->inspector);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_METRICS_GROUP);

  G_OBJECT_CLASS (lens_metrics_group_parent_class)->dispose (object);
}

static void
lens_metrics_group_finalize (GObject *object)
{
  LensMetricsGroup *self = LENS_METRICS_GROUP (object);

  g_hash_table_unref (self->summary_labels);
  g_hash_table_unref (self->all_labels);

  G_OBJECT_CLASS (lens_metrics_group_parent_class)->finalize (object);
}

static void
lens_metrics_group_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LensMetricsGroup *self = LENS_METRICS_GROUP (object);

  switch (prop_id)
    {
    case PROP_INSPECTOR:
      g_value_set_object (value, self->inspector);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_metrics_group_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LensMetricsGroup *self = LENS_METRICS_GROUP (object);

  switch (prop_id)
    {
    case PROP_INSPECTOR:
      lens_metrics_group_set_inspector (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_metrics_group_class_init (LensMetricsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_metrics_group_dispose;
  object_class->finalize = lens_metrics_group_finalize;
  object_class->get_property = lens_metrics_group_get_property;
  object_class->set_property = lens_metrics_group_set_property;
  widget_class->map = lens_metrics_group_map;

  properties[PROP_INSPECTOR] =
    g_param_spec_object ("inspector", NULL, NULL, RK_TYPE_INSPECTOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/actorlens/ActorLens/"
                                               "lens-metrics-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LensMetricsGroup, error_row);
  gtk_widget_class_bind_template_child (widget_class, LensMetricsGroup, all_row);
  gtk_widget_class_install_action (widget_class, "metrics.refresh", NULL, refresh_action);
}

static void
lens_metrics_group_init (LensMetricsGroup *self)
{
  self->summary_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->all_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->inspector_signals = g_signal_group_new (RK_TYPE_INSPECTOR);
  g_signal_group_connect_swapped (self->inspector_signals, "state-updated",
                                  G_CALLBACK (inspector_changed_cb), self);
  g_signal_group_connect_swapped (self->inspector_signals, "connections-updated",
                                  G_CALLBACK (inspector_changed_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lens_metrics_group_new:
 *
 * Returns: (transfer floating): a new #LensMetricsGroup
 */
GtkWidget *
lens_metrics_group_new (void)
{
  return g_object_new (LENS_TYPE_METRICS_GROUP, NULL);
}
