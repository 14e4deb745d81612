/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event-log.h: a capped, filterable GListModel of the events of many connections */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_EVENT_LOG (rk_event_log_get_type ())

/**
 * RK_EVENT_LOG_DEFAULT_CAP:
 *
 * How many events a new #RkEventLog keeps before it drops the oldest.
 */
#define RK_EVENT_LOG_DEFAULT_CAP 1000000

G_DECLARE_FINAL_TYPE (RkEventLog, rk_event_log, RK, EVENT_LOG, GObject)

RkEventLog          *rk_event_log_new                 (void);
void                 rk_event_log_append              (RkEventLog           *self,
                                                       gint64                time_us,
                                                       const char           *connection,
                                                       const char           *name,
                                                       JsonNode             *args);
void                 rk_event_log_append_text         (RkEventLog           *self,
                                                       gint64                time_us,
                                                       const char           *connection,
                                                       const char           *name,
                                                       const char           *args_json,
                                                       gssize                length);
void                 rk_event_log_attach              (RkEventLog           *self,
                                                       RkConnection         *connection,
                                                       const char           *label);
void                 rk_event_log_detach              (RkEventLog           *self,
                                                       RkConnection         *connection);
void                 rk_event_log_flush               (RkEventLog           *self);
guint                rk_event_log_get_n_unflushed     (RkEventLog           *self);
guint                rk_event_log_get_flush_interval  (RkEventLog           *self);
void                 rk_event_log_set_flush_interval  (RkEventLog           *self,
                                                       guint                 interval_ms);
void                 rk_event_log_clear               (RkEventLog           *self);
guint                rk_event_log_get_cap             (RkEventLog           *self);
void                 rk_event_log_set_cap             (RkEventLog           *self,
                                                       guint                 cap);
guint                rk_event_log_get_n_events        (RkEventLog           *self);
guint                rk_event_log_get_n_visible       (RkEventLog           *self);
guint                rk_event_log_get_pending         (RkEventLog           *self);
double               rk_event_log_get_rate            (RkEventLog           *self);
gboolean             rk_event_log_get_paused          (RkEventLog           *self);
void                 rk_event_log_set_paused          (RkEventLog           *self,
                                                       gboolean              paused);
void                 rk_event_log_set_filter          (RkEventLog           *self,
                                                       const char           *text,
                                                       const char * const   *names);
const char          *rk_event_log_get_filter_text     (RkEventLog           *self);
void                 rk_event_log_set_filter_text     (RkEventLog           *self,
                                                       const char           *text);
const char * const  *rk_event_log_get_filter_names    (RkEventLog           *self);
void                 rk_event_log_set_filter_names    (RkEventLog           *self,
                                                       const char * const   *names);
const char * const  *rk_event_log_get_names           (RkEventLog           *self);
void                 rk_event_log_export_jsonl_async  (RkEventLog           *self,
                                                       GOutputStream        *stream,
                                                       gboolean              visible_only,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean             rk_event_log_export_jsonl_finish (RkEventLog           *self,
                                                       GAsyncResult         *result,
                                                       guint64              *n_exported,
                                                       GError              **error);

G_END_DECLS
