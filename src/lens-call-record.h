/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-call-record.h: one action call: what was sent, how, and what came back */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LENS_TYPE_CALL_RECORD (lens_call_record_get_type ())

G_DECLARE_FINAL_TYPE (LensCallRecord, lens_call_record, LENS, CALL_RECORD, GObject)

LensCallRecord *lens_call_record_new         (guint           serial,
                                              const char     *action,
                                              JsonNode       *args,
                                              const char     *via);
guint           lens_call_record_get_serial  (LensCallRecord *self);
const char     *lens_call_record_get_action  (LensCallRecord *self);
JsonNode       *lens_call_record_get_args    (LensCallRecord *self);
const char     *lens_call_record_get_via     (LensCallRecord *self);
gint64          lens_call_record_get_started (LensCallRecord *self);
gint64          lens_call_record_get_latency (LensCallRecord *self);
gboolean        lens_call_record_get_pending (LensCallRecord *self);
JsonNode       *lens_call_record_get_output  (LensCallRecord *self);
const GError   *lens_call_record_get_error   (LensCallRecord *self);
char           *lens_call_record_dup_title   (LensCallRecord *self);
char           *lens_call_record_dup_summary (LensCallRecord *self);
void            lens_call_record_finish      (LensCallRecord *self,
                                              JsonNode       *output,
                                              const GError   *error);

G_END_DECLS
