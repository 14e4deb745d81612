/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-event-log.h: what the RkEventLog tests share: a recorder of items-changed and
 * notifies, and events to append and read back */

#pragma once

#include <gio/gio.h>

#include "rk-event-log.h"
#include "rk-event.h"

G_BEGIN_DECLS

/* 2024-05-01T12:00:00Z */
#define RK_TEST_T0 G_GINT64_CONSTANT (1714564800000000)

/* Records items-changed as "position,removed,added;" and counts notifies */
typedef struct
{
  GListModel *model;
  GString *changes;
  GHashTable *notifies;
  guint n_items;
} RkTestRecorder;

RkTestRecorder *rk_test_recorder_new             (gpointer         model);
void            rk_test_recorder_free            (RkTestRecorder  *recorder);
guint           rk_test_recorder_notifies        (RkTestRecorder  *recorder,
                                                  const char      *name);
void            rk_test_recorder_reset_notifies  (RkTestRecorder  *recorder);

void            rk_test_append_tick              (RkEventLog      *log,
                                                  guint            i);
RkEvent        *rk_test_log_item                 (RkEventLog      *log,
                                                  guint            position);
char           *rk_test_shown_numbers            (RkEventLog      *log);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RkTestRecorder, rk_test_recorder_free)

/* Asserts the changes since the last call, then forgets them. */
#define rk_test_assert_changes(recorder, expected) \
  G_STMT_START { \
    g_assert_cmpstr ((recorder)->changes->str, ==, (expected)); \
    g_string_truncate ((recorder)->changes, 0); \
  } G_STMT_END

/* Asserts the first argument of each shown event, joined: "1,2,3" */
#define rk_test_assert_shown(log, expected) \
  G_STMT_START { \
    g_autofree char *_shown = rk_test_shown_numbers (log); \
    g_assert_cmpstr (_shown, ==, (expected)); \
  } G_STMT_END

G_END_DECLS
