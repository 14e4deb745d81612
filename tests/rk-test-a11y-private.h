/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-a11y-private.h: what rk-test-a11y.c and rk-test-a11y-walk.c share */

#pragma once

#include "rk-test-a11y.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAction, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiComponent, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiText, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiEditableText, g_object_unref)

static inline char *
get_name (AtspiAccessible *node)
{
  g_autoptr(GError) error = NULL;
  char *name = atspi_accessible_get_name (node, &error);

  return name != NULL ? name : g_strdup ("");
}

static inline AtspiRole
get_role (AtspiAccessible *node)
{
  return atspi_accessible_get_role (node, NULL);
}

static inline gboolean
has_state (AtspiAccessible *node,
           AtspiStateType   state)
{
  g_autoptr(AtspiStateSet) set = atspi_accessible_get_state_set (node);

  return set != NULL && atspi_state_set_contains (set, state);
}

static inline int
get_n_children (AtspiAccessible *node)
{
  return MAX (atspi_accessible_get_child_count (node, NULL), 0);
}

static inline AtspiAccessible *
get_child (AtspiAccessible *node,
           int              index)
{
  return atspi_accessible_get_child_at_index (node, index, NULL);
}

typedef struct _Walk Walk;

/* Called on every node, on screen or not; returns TRUE to stop the walk. */
typedef gboolean (*Visit) (Walk            *walk,
                           AtspiAccessible *node,
                           gboolean         on_screen);

struct _Walk
{
  Visit visit;
  gboolean skip_off_screen;  /* not into what is off screen */
  GPtrArray *ancestors;      /* AtspiAccessible *, borrowed, root first */
  gboolean stopped;

  /* Checking */
  GPtrArray *offenders;  /* "ROLE "NAME" PATH (PROBLEM)" */
  guint n_nodes;
  guint n_controls;
  guint n_rows;
  guint n_hidden;

  /* Finding */
  AtspiRole role;
  const char *name;
  const char *action;
  AtspiAccessible *found;
};

/* Walks the tree under @root, deciding what is on screen: see
 * rk-test-a11y-walk.c. */
void     _rk_test_a11y_walk     (Walk             *walk,
                                 AtspiAccessible  *root);
gboolean _rk_test_a11y_get_rect (AtspiAccessible  *node,
                                 AtspiRect        *rect);

G_END_DECLS
