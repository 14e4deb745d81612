/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-metrics-group.h: an actor's inspector metrics, on the Overview page */

#pragma once

#include <adwaita.h>

#include "rk-inspector.h"

G_BEGIN_DECLS

#define LENS_TYPE_METRICS_GROUP (lens_metrics_group_get_type ())

G_DECLARE_FINAL_TYPE (LensMetricsGroup, lens_metrics_group, LENS, METRICS_GROUP,
                      AdwPreferencesGroup)

GtkWidget   *lens_metrics_group_new           (void);
RkInspector *lens_metrics_group_get_inspector (LensMetricsGroup *self);
void         lens_metrics_group_set_inspector (LensMetricsGroup *self,
                                               RkInspector      *inspector);
void         lens_metrics_group_refresh       (LensMetricsGroup *self);
guint        lens_metrics_group_get_n_metrics (LensMetricsGroup *self);
gboolean     lens_metrics_group_get_loaded    (LensMetricsGroup *self);
const char  *lens_metrics_group_get_text      (LensMetricsGroup *self,
                                               const char       *name);

G_END_DECLS
