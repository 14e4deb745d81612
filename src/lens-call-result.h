/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-call-result.h: the outcome of one action call: value tree, raw JSON or error */

#pragma once

#include <gtk/gtk.h>

#include "lens-call-record.h"

G_BEGIN_DECLS

#define LENS_TYPE_CALL_RESULT (lens_call_result_get_type ())

G_DECLARE_FINAL_TYPE (LensCallResult, lens_call_result, LENS, CALL_RESULT, GtkWidget)

GtkWidget      *lens_call_result_new        (void);
LensCallRecord *lens_call_result_get_record (LensCallResult *self);
void            lens_call_result_set_record (LensCallResult *self,
                                             LensCallRecord *record);

G_END_DECLS
