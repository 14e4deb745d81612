/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-a11y-walk.c: walking an AT-SPI tree, knowing what is on screen */

#define G_LOG_DOMAIN "rk-test-a11y"

#include "config.h"

#include "rk-test-a11y-private.h"

/* On screen
 *
 * GTK 4.8 marks nothing but windows SHOWING, and lists the hidden pages of
 * stacks (and of squeezers, leaflets, view stacks) with the shown one. So
 * the walk decides, from the window down. A child of a node off screen is
 * off screen, and so is one with no area. A child that shares its area with
 * none of its siblings is on screen with its parent. Where siblings overlap
 * (the pages of a stack: all but one unmapped, keeping the size they last
 * had), a child is on screen if it is mapped, which only a hit test tells:
 * GTK answers with the widget under the point, or with nothing when that
 * widget is unmapped, but also when it is not (yet) in the tree: a hit on a
 * container lands on a child that GTK may not have listed yet, on the icon
 * of a button. So labels are asked (they have no children): a node is
 * mapped if a label in it answers. Without labels, leaves are asked at
 * points just inside their edges (a button's padding). */

typedef struct
{
  AtspiAccessible *node;
  AtspiRect rect;
  gboolean has_rect;
  int popup;  /* a popover (its own surface, overlapping nothing); -1: not asked yet */
} Child;

/* The area of @node, or of its only child when it has none itself (the
 * pages of a GtkStack are nodes without a widget). */
gboolean
_rk_test_a11y_get_rect (AtspiAccessible *node,
                        AtspiRect       *rect)
{
  g_autoptr(AtspiComponent) component = atspi_accessible_get_component_iface (node);
  g_autoptr(AtspiAccessible) child = NULL;

  if (component != NULL)
    {
      g_autofree AtspiRect *extents = atspi_component_get_extents (component,
                                                                   ATSPI_COORD_TYPE_WINDOW,
                                                                   NULL);

      if (extents == NULL)
        return FALSE;
      *rect = *extents;
      return TRUE;
    }

  if (get_n_children (node) != 1 || (child = get_child (node, 0)) == NULL)
    return FALSE;
  return _rk_test_a11y_get_rect (child, rect);
}

static gboolean
has_area (const Child *child)
{
  return child->has_rect && child->rect.width > 0 && child->rect.height > 0;
}

static gboolean
overlap (const AtspiRect *a,
         const AtspiRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Hit tests @node at the centre of @rect, or at four points just inside the
 * middle of its edges (a button's padding, around an icon not in the tree). */
static gboolean
answers_at (AtspiAccessible *node,
            const AtspiRect *rect,
            gboolean         edges)
{
  static const int fractions[5][2] = { { 2, 2 }, { -1, 2 }, { -2, 2 }, { 2, -1 }, { 2, -2 } };
  g_autoptr(AtspiComponent) component = atspi_accessible_get_component_iface (node);

  if (component == NULL)
    return FALSE;

  for (guint i = edges ? 1 : 0; i < (edges ? 5 : 1); i++)
    {
      g_autoptr(AtspiAccessible) hit = NULL;
      int fx = fractions[i][0];
      int fy = fractions[i][1];
      /* n/4 of the size, or -1 (-2): 2 pixels inside the start (end). */
      int x = rect->x + (fx >= 0 ? rect->width * fx / 4
                         : fx == -1 ? MIN (2, rect->width - 1)
                         : MAX (rect->width - 3, 0));
      int y = rect->y + (fy >= 0 ? rect->height * fy / 4
                         : fy == -1 ? MIN (2, rect->height - 1)
                         : MAX (rect->height - 3, 0));

      hit = atspi_component_get_accessible_at_point (component, x, y, ATSPI_COORD_TYPE_WINDOW,
                                                     NULL);
      if (hit != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_component (AtspiAccessible *node)
{
  g_autoptr(AtspiComponent) component = atspi_accessible_get_component_iface (node);

  return component != NULL;
}

static void
children_clear (gpointer data)
{
  g_clear_object (&((Child *)data)->node);
}

/* The children of @node with their areas (only if @with_rects). */
static GArray *
get_children (AtspiAccessible *node,
              gboolean         with_rects)
{
  int n = get_n_children (node);
  GArray *children = g_array_sized_new (FALSE, TRUE, sizeof (Child), MAX (n, 0));

  g_array_set_clear_func (children, children_clear);
  for (int i = 0; i < n; i++)
    {
      Child child = { get_child (node, i), { 0 }, FALSE, -1 };

      if (child.node == NULL)
        continue;
      child.has_rect = with_rects && _rk_test_a11y_get_rect (child.node, &child.rect);
      g_array_append_val (children, child);
    }
  return children;
}

static gboolean
is_popup (Child *child)
{
  if (child->popup < 0)
    {
      g_autoptr(AtspiComponent) component = atspi_accessible_get_component_iface (child->node);

      child->popup = component != NULL &&
                     atspi_component_get_layer (component, NULL) == ATSPI_LAYER_POPUP;
    }
  return child->popup;
}

static gboolean
overlaps_sibling (GArray *children,
                  guint   index)
{
  Child *child = &g_array_index (children, Child, index);

  for (guint j = 0; j < children->len; j++)
    {
      Child *sibling = &g_array_index (children, Child, j);

      if (j != index && has_area (sibling) && overlap (&child->rect, &sibling->rect) &&
          !is_popup (child) && !is_popup (sibling))
        return TRUE;
    }
  return FALSE;
}

/* Whether @node (with area @rect) is mapped: if any label in it answers a
 * hit test (one point: a label has no children to answer instead), else
 * if a leaf answers at its edges. A mapped node has mapped children, an
 * unmapped one none: the children alone in their area are tried first,
 * labels first. @budget bounds the nodes looked at. */
#define PROBE_BUDGET 40

static gboolean
is_mapped (AtspiAccessible *node,
           const AtspiRect *rect,
           guint           *budget)
{
  g_autoptr(GArray) children = NULL;
  gboolean sensitive;

  if (*budget == 0)
    return FALSE;
  (*budget)--;

  sensitive = has_state (node, ATSPI_STATE_SENSITIVE);
  if (get_role (node) == ATSPI_ROLE_LABEL)
    return !sensitive || answers_at (node, rect, FALSE);

  children = get_children (node, TRUE);
  if (children->len == 0)
    return has_component (node) && (!sensitive || answers_at (node, rect, TRUE));

  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < children->len; i++)
      {
        Child *child = &g_array_index (children, Child, i);
        gboolean label = get_role (child->node) == ATSPI_ROLE_LABEL;
        gboolean alone = !overlaps_sibling (children, i);

        /* Labels alone in their area, then the rest alone, then the others. */
        if (!has_area (child) || is_popup (child) ||
            (pass == 0 && !(label && alone)) || (pass == 1 && (label || !alone)) ||
            (pass == 2 && alone))
          continue;
        /* Each of overlapping pages gets its own budget: a hidden one
         * first must not use up the search for the one shown. */
        if (pass == 2)
          {
            guint own = PROBE_BUDGET;

            if (is_mapped (child->node, &child->rect, &own))
              return TRUE;
          }
        else if (is_mapped (child->node, &child->rect, budget))
          return TRUE;
      }
  return FALSE;
}

static void
walk_node (Walk            *walk,
           AtspiAccessible *node,
           gboolean         on_screen)
{
  g_autoptr(GArray) children = NULL;

  if (walk->visit (walk, node, on_screen))
    {
      walk->stopped = TRUE;
      return;
    }
  if (!on_screen && walk->skip_off_screen)
    return;

  children = get_children (node, on_screen);

  g_ptr_array_add (walk->ancestors, node);
  for (guint i = 0; i < children->len && !walk->stopped; i++)
    {
      Child *child = &g_array_index (children, Child, i);
      gboolean child_on_screen = on_screen;

      if (on_screen && child->has_rect)
        {
          guint budget = PROBE_BUDGET;

          child_on_screen = has_area (child) &&
                            (!overlaps_sibling (children, i) ||
                             is_mapped (child->node, &child->rect, &budget));
        }
      walk_node (walk, child->node, child_on_screen);
    }
  g_ptr_array_remove_index (walk->ancestors, walk->ancestors->len - 1);
}

void
_rk_test_a11y_walk (Walk            *walk,
                    AtspiAccessible *root)
{
  walk->ancestors = g_ptr_array_new ();
  walk->stopped = FALSE;
  walk_node (walk, root, TRUE);
  g_clear_pointer (&walk->ancestors, g_ptr_array_unref);
}
