/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-a11y.h: reading and driving a running app through AT-SPI
 *
 * Nodes are found "on screen" only: GTK 4.8 lists the hidden pages of a
 * stack with the shown one and marks nothing SHOWING, so rk-test-a11y.c
 * works out what is mapped (see "On screen" there). A @name to find is the
 * accessible name; with a final "*", a prefix of it; a name GTK 4.8 gives a
 * button with a mnemonic ("_Open Open") matches "Open" too.
 */

#pragma once

#include <atspi/atspi.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define RK_TEST_A11Y_TIMEOUT_MS 30000

/* libatspi 2.46 has no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)

AtspiAccessible *rk_test_a11y_find_app      (GPid              pid);
AtspiAccessible *rk_test_a11y_find_toplevel (AtspiAccessible  *app,
                                             const char       *title);
AtspiAccessible *rk_test_a11y_wait_toplevel (AtspiAccessible  *app,
                                             const char       *title);
AtspiAccessible *rk_test_a11y_find          (AtspiAccessible  *root,
                                             AtspiRole         role,
                                             const char       *name,
                                             const char       *action_name);
AtspiAccessible *rk_test_a11y_wait          (AtspiAccessible  *root,
                                             AtspiRole         role,
                                             const char       *name,
                                             const char       *action_name);
gboolean         rk_test_a11y_is_gone       (AtspiAccessible  *root,
                                             AtspiRole         role,
                                             const char       *name);
void             rk_test_a11y_wait_gone     (AtspiAccessible  *root,
                                             AtspiRole         role,
                                             const char       *name);
void             rk_test_a11y_do_action     (AtspiAccessible  *node,
                                             const char       *action_name);
void             rk_test_a11y_click         (AtspiAccessible  *root,
                                             AtspiRole         role,
                                             const char       *name);
void             rk_test_a11y_set_text      (AtspiAccessible  *entry,
                                             const char       *text);
void             rk_test_a11y_check         (AtspiAccessible  *root,
                                             const char       *what,
                                             guint             min_controls);
void             rk_test_a11y_dump          (AtspiAccessible  *root);
void             rk_test_a11y_quiet_atspi   (void);

G_END_DECLS
