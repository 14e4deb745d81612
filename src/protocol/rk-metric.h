/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-metric.h: one of an actor's inspector metrics */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_METRIC (rk_metric_get_type ())

G_DECLARE_FINAL_TYPE (RkMetric, rk_metric, RK, METRIC, GObject)

GPtrArray    *rk_metrics_parse          (JsonNode      *reply,
                                         GError       **error);
const char   *rk_metric_get_name        (RkMetric      *self);
const char   *rk_metric_get_help        (RkMetric      *self);
RkMetricKind  rk_metric_get_kind        (RkMetric      *self);
double        rk_metric_get_value       (RkMetric      *self);
double        rk_metric_get_total_ms    (RkMetric      *self);
guint         rk_metric_get_n_labels    (RkMetric      *self);
const char   *rk_metric_get_label       (RkMetric      *self,
                                         guint          index,
                                         double        *value,
                                         double        *total_ms);

G_END_DECLS
