/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-a11y.c: reading and driving a running app through AT-SPI, the way
 * a screen reader does: finding what is on screen, acting on it, and
 * checking that its controls have names (see rk-test-a11y.h) */

#define G_LOG_DOMAIN "rk-test-a11y"

#include "config.h"

#include <string.h>

#include "rk-test-a11y-private.h"
#include "rk-test-util.h"

/* RK_TEST_A11Y_DUMP=1: every tree checked is printed on stderr. */
static gboolean
dumping (void)
{
  static int dump = -1;

  if (dump < 0)
    dump = g_strcmp0 (g_getenv ("RK_TEST_A11Y_DUMP"), "1") == 0;
  return dump;
}

/* Reading the tree */

/* GTK 4.8 gives a widget without a name the name of its type. */
static gboolean
is_type_name (const char *name)
{
  static const char * const prefixes[] = { "GtkSource", "Gtk", "Adw", "Lens" };
  const char *rest = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes) && rest == NULL; i++)
    if (g_str_has_prefix (name, prefixes[i]))
      rest = name + strlen (prefixes[i]);

  if (rest == NULL || !g_ascii_isupper (rest[0]))
    return FALSE;
  for (; *rest != '\0'; rest++)
    if (!g_ascii_isalnum (*rest))
      return FALSE;
  return TRUE;
}

static gboolean
is_real_name (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  return stripped[0] != '\0' && !is_type_name (stripped);
}

static void
relation_unref (gpointer data)
{
  g_object_unref (*(AtspiRelation **)data);
}

/* The node's name, else the names of what labels it (GTK folds those into
 * the name already; asked again in case a toolkit does not). */
static gboolean
has_accessible_name (AtspiAccessible *node)
{
  g_autofree char *name = get_name (node);
  g_autoptr(GArray) relations = NULL;

  if (is_real_name (name))
    return TRUE;

  relations = atspi_accessible_get_relation_set (node, NULL);
  if (relations == NULL)
    return FALSE;
  g_array_set_clear_func (relations, relation_unref);
  for (guint i = 0; i < relations->len; i++)
    {
      AtspiRelation *relation = g_array_index (relations, AtspiRelation *, i);

      if (atspi_relation_get_relation_type (relation) != ATSPI_RELATION_LABELLED_BY)
        continue;
      for (int j = 0; j < atspi_relation_get_n_targets (relation); j++)
        {
          g_autoptr(AtspiAccessible) target = atspi_relation_get_target (relation, j);
          g_autofree char *label = target != NULL ? get_name (target) : NULL;

          if (is_real_name (label))
            return TRUE;
        }
    }
  return FALSE;
}

static char *
get_text (AtspiAccessible *node)
{
  g_autoptr(AtspiText) text = atspi_accessible_get_text_iface (node);
  int n;

  if (text == NULL)
    return NULL;
  /* GTK 4.8 reads an end offset of -1 as an empty range. */
  n = atspi_text_get_character_count (text, NULL);
  return n > 0 ? atspi_text_get_text (text, 0, n, NULL) : NULL;
}

/* A label (or text) with content at or below @node. */
static gboolean
has_text_below (AtspiAccessible *node,
                guint            depth)
{
  AtspiRole role = get_role (node);
  int n;

  if (role == ATSPI_ROLE_LABEL || role == ATSPI_ROLE_STATIC || role == ATSPI_ROLE_TEXT)
    {
      g_autofree char *name = get_name (node);
      g_autofree char *text = NULL;

      if (is_real_name (name))
        return TRUE;
      text = get_text (node);
      if (text != NULL && g_strstrip (text)[0] != '\0')
        return TRUE;
    }

  if (depth == 0)
    return FALSE;
  n = get_n_children (node);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = get_child (node, i);

      if (child != NULL && has_text_below (child, depth - 1))
        return TRUE;
    }
  return FALSE;
}

/* Checking */

/* What a user acts on, and so must be able to name. */
static gboolean
is_control (AtspiRole role)
{
  static const AtspiRole controls[] = {
    ATSPI_ROLE_PUSH_BUTTON, ATSPI_ROLE_TOGGLE_BUTTON, ATSPI_ROLE_CHECK_BOX,
    ATSPI_ROLE_RADIO_BUTTON, ATSPI_ROLE_COMBO_BOX, ATSPI_ROLE_TEXT, ATSPI_ROLE_ENTRY,
    ATSPI_ROLE_PASSWORD_TEXT, ATSPI_ROLE_SPIN_BUTTON, ATSPI_ROLE_SLIDER, ATSPI_ROLE_LINK,
    ATSPI_ROLE_MENU_ITEM, ATSPI_ROLE_CHECK_MENU_ITEM, ATSPI_ROLE_RADIO_MENU_ITEM,
    ATSPI_ROLE_PAGE_TAB, ATSPI_ROLE_FRAME, ATSPI_ROLE_DIALOG,
  };

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    if (role == controls[i])
      return TRUE;
  return FALSE;
}

static gboolean
is_row (AtspiRole role)
{
  return role == ATSPI_ROLE_LIST_ITEM || role == ATSPI_ROLE_TABLE_ROW ||
         role == ATSPI_ROLE_TREE_ITEM;
}

static char *
describe (AtspiAccessible *node)
{
  g_autofree char *role = atspi_role_get_name (get_role (node));
  g_autofree char *name = get_name (node);

  if (is_type_name (name))
    return g_steal_pointer (&name);
  if (name[0] != '\0')
    return g_strdup_printf ("%s \"%s\"", role, name);
  return g_steal_pointer (&role);
}

/* The ancestors that say where a node is: the named ones and the widget
 * types, not the anonymous boxes. */
static char *
describe_path (Walk            *walk,
               AtspiAccessible *node)
{
  GString *path = g_string_new (NULL);
  g_autofree char *self = NULL;

  for (guint i = 0; i < walk->ancestors->len; i++)
    {
      AtspiAccessible *ancestor = g_ptr_array_index (walk->ancestors, i);
      g_autofree char *name = get_name (ancestor);
      g_autofree char *step = NULL;

      if (name[0] == '\0' || g_str_equal (name, "GtkStackPage"))
        continue;
      step = describe (ancestor);
      g_string_append_printf (path, "%s > ", step);
    }
  self = describe (node);
  g_string_append_printf (path, "%s #%d", self, atspi_accessible_get_index_in_parent (node, NULL));
  return g_string_free (path, FALSE);
}

static void
add_offender (Walk            *walk,
              AtspiAccessible *node,
              const char      *problem)
{
  g_autofree char *role = atspi_role_get_name (get_role (node));
  g_autofree char *name = get_name (node);
  g_autofree char *description = atspi_accessible_get_description (node, NULL);
  g_autofree char *path = describe_path (walk, node);
  char *line;

  line = g_strdup_printf ("%s \"%s\" %s (%s%s%s)", role, name, path, problem,
                          description && description[0] ? "; description: " : "",
                          description && description[0] ? description : "");
  /* One line each in the test log. */
  g_ptr_array_add (walk->offenders, g_strdelimit (line, "\n", ' '));
}

static void
dump_node (Walk            *walk,
           AtspiAccessible *node,
           gboolean         on_screen)
{
  g_autofree char *role = atspi_role_get_name (get_role (node));
  g_autofree char *name = get_name (node);
  g_autofree char *description = atspi_accessible_get_description (node, NULL);
  g_autoptr(AtspiAction) action = atspi_accessible_get_action_iface (node);
  g_autoptr(GString) extra = g_string_new (NULL);
  int n = action != NULL ? atspi_action_get_n_actions (action, NULL) : 0;
  AtspiRect rect;

  /* Its actions, and its area in the window. */
  for (int i = 0; i < n; i++)
    {
      g_autofree char *action_name = atspi_action_get_action_name (action, i, NULL);

      g_string_append_printf (extra, "%s%s", i > 0 ? ", " : " {", action_name);
    }
  if (n > 0)
    g_string_append_c (extra, '}');
  if (_rk_test_a11y_get_rect (node, &rect))
    g_string_append_printf (extra, " %dx%d+%d+%d", rect.width, rect.height, rect.x, rect.y);

  g_printerr ("%*s%s \"%s\"%s%s%s%s%s\n", (int)walk->ancestors->len * 2, "", role, name,
              description && description[0] ? " - " : "",
              description && description[0] ? description : "",
              has_state (node, ATSPI_STATE_SENSITIVE) ? "" : " [insensitive]",
              on_screen ? "" : " [off screen]", extra->str);
}

static gboolean
dump_cb (Walk            *walk,
         AtspiAccessible *node,
         gboolean         on_screen)
{
  dump_node (walk, node, on_screen);
  return FALSE;
}

void
rk_test_a11y_dump (AtspiAccessible *root)
{
  Walk walk = { 0 };

  walk.visit = dump_cb;
  _rk_test_a11y_walk (&walk, root);
}

static gboolean
check_cb (Walk            *walk,
          AtspiAccessible *node,
          gboolean         on_screen)
{
  AtspiRole role = get_role (node);

  walk->n_nodes++;
  if (dumping ())
    dump_node (walk, node, on_screen);

  if (!on_screen)
    {
      walk->n_hidden++;
      return FALSE;
    }
  if (is_row (role))
    {
      walk->n_rows++;
      if (!has_accessible_name (node) && !has_text_below (node, 8))
        add_offender (walk, node, "row without text");
    }
  else if (is_control (role))
    {
      walk->n_controls++;
      if (!has_accessible_name (node))
        add_offender (walk, node, "no accessible name");
    }
  return FALSE;
}

/* Walks @root, reports what it found and fails the test on any offender.
 * @min_controls proves that the walk saw the page at all. */
void
rk_test_a11y_check (AtspiAccessible *root,
                    const char      *what,
                    guint            min_controls)
{
  Walk walk = { 0 };
  gint64 start = g_get_monotonic_time ();

  walk.visit = check_cb;
  walk.skip_off_screen = !dumping ();
  walk.offenders = g_ptr_array_new_with_free_func (g_free);
  if (dumping ())
    g_printerr ("== %s\n", what);
  _rk_test_a11y_walk (&walk, root);

  g_test_message ("%s: %u nodes, %u controls and %u rows on screen, %u parts off screen, "
                  "%u offenders (%.1f s)", what, walk.n_nodes, walk.n_controls, walk.n_rows,
                  walk.n_hidden, walk.offenders->len, (g_get_monotonic_time () - start) / 1e6);
  for (guint i = 0; i < walk.offenders->len; i++)
    g_test_message ("  %s", (const char *)g_ptr_array_index (walk.offenders, i));

  g_assert_cmpuint (walk.n_controls, >=, min_controls);
  if (walk.offenders->len > 0)
    g_test_fail_printf ("%s: %u controls or rows without an accessible name or text "
                        "(listed above)", what, walk.offenders->len);

  g_ptr_array_unref (walk.offenders);
}

/* Finding things */

/* @name is @wanted; or, with @wanted ending in "*", starts with the rest.
 * GTK 4.8 names a button with a mnemonic after both its label property and
 * its label ("_Open Open"): that is @wanted too. */
static gboolean
name_is (const char *name,
         const char *wanted)
{
  gsize length = strlen (wanted);
  gsize name_length = strlen (name);
  g_autofree char *prefix = NULL;
  GString *stripped;
  gboolean equal;

  if (length > 0 && wanted[length - 1] == '*')
    return strncmp (name, wanted, length - 1) == 0;
  if (g_str_equal (name, wanted))
    return TRUE;
  if (name_length < length + 2 || !g_str_has_suffix (name, wanted) ||
      name[name_length - length - 1] != ' ')
    return FALSE;

  prefix = g_strndup (name, name_length - length - 1);
  stripped = g_string_new (NULL);
  for (const char *c = prefix; *c != '\0'; c++)
    if (*c != '_')
      g_string_append_c (stripped, *c);
  equal = g_str_equal (stripped->str, wanted);
  g_string_free (stripped, TRUE);
  return equal;
}

static gboolean
has_action (AtspiAccessible *node,
            const char      *action_name)
{
  g_autoptr(AtspiAction) action = atspi_accessible_get_action_iface (node);
  int n = action != NULL ? atspi_action_get_n_actions (action, NULL) : 0;

  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = atspi_action_get_action_name (action, i, NULL);

      if (g_strcmp0 (name, action_name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
find_cb (Walk            *walk,
         AtspiAccessible *node,
         gboolean         on_screen)
{
  g_autofree char *name = NULL;

  if (!on_screen || (walk->role != ATSPI_ROLE_INVALID && get_role (node) != walk->role))
    return FALSE;
  name = get_name (node);
  if (!name_is (name, walk->name) || (walk->action != NULL && !has_action (node, walk->action)))
    return FALSE;

  walk->found = g_object_ref (node);
  return TRUE;
}

/* The first node under @root (depth first) on screen with @role
 * (ATSPI_ROLE_INVALID: any) and @name (see name_is ()), and the action
 * @action_name unless that is NULL. */
AtspiAccessible *
rk_test_a11y_find (AtspiAccessible *root,
                   AtspiRole        role,
                   const char      *name,
                   const char      *action_name)
{
  Walk walk = { 0 };

  walk.visit = find_cb;
  walk.skip_off_screen = TRUE;
  walk.role = role;
  walk.name = name;
  walk.action = action_name;
  _rk_test_a11y_walk (&walk, root);
  return walk.found;
}

/* Waits until a node with @role (ATSPI_ROLE_INVALID: any) and @name is on
 * screen under @root, and returns it. On time-out, prints the tree. */
AtspiAccessible *
rk_test_a11y_wait (AtspiAccessible *root,
                   AtspiRole        role,
                   const char      *name,
                   const char      *action_name)
{
  gint64 deadline = g_get_monotonic_time () + RK_TEST_A11Y_TIMEOUT_MS * 1000;
  guint tick = g_timeout_add (20, rk_test_tick_cb, NULL);
  AtspiAccessible *node;

  while ((node = rk_test_a11y_find (root, role, name, action_name)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *role_name = atspi_role_get_name (role);

          rk_test_a11y_dump (root);
          g_error ("Timed out after %d ms waiting for %s \"%s\" on screen (tree above)",
                   RK_TEST_A11Y_TIMEOUT_MS, role_name, name);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  return node;
}

gboolean
rk_test_a11y_is_gone (AtspiAccessible *root,
                      AtspiRole        role,
                      const char      *name)
{
  g_autoptr(AtspiAccessible) node = rk_test_a11y_find (root, role, name, NULL);

  return node == NULL;
}

/* Waits until no node with @role and @name is on screen under @root. */
void
rk_test_a11y_wait_gone (AtspiAccessible *root,
                        AtspiRole        role,
                        const char      *name)
{
  rk_test_wait_for_ms (rk_test_a11y_is_gone (root, role, name), RK_TEST_A11Y_TIMEOUT_MS);
}

void
rk_test_a11y_do_action (AtspiAccessible *node,
                        const char      *action_name)
{
  g_autoptr(AtspiAction) action = atspi_accessible_get_action_iface (node);
  g_autoptr(GError) error = NULL;
  int n;

  g_assert_nonnull (action);
  n = atspi_action_get_n_actions (action, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = atspi_action_get_action_name (action, i, NULL);

      if (g_strcmp0 (name, action_name) == 0)
        {
          g_assert_true (atspi_action_do_action (action, i, &error));
          g_assert_no_error (error);
          return;
        }
    }
  g_error ("No action “%s” on %s", action_name, describe (node));
}

void
rk_test_a11y_click (AtspiAccessible *root,
                    AtspiRole        role,
                    const char      *name)
{
  g_autoptr(AtspiAccessible) node = rk_test_a11y_wait (root, role, name, "click");

  rk_test_a11y_do_action (node, "click");
}

/**
 * rk_test_a11y_find_toplevel:
 * @app: an application in the desktop
 * @title: the title of a window
 *
 * Returns: (transfer full) (nullable): the top-level of @app titled @title
 */
AtspiAccessible *
rk_test_a11y_find_toplevel (AtspiAccessible *app,
                            const char      *title)
{
  int n = get_n_children (app);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = get_child (app, i);
      g_autofree char *name = child != NULL ? get_name (child) : NULL;

      if (g_strcmp0 (name, title) == 0)
        return g_steal_pointer (&child);
    }
  return NULL;
}

typedef struct
{
  AtspiAccessible *app;
  const char *title;
  AtspiAccessible *found;
} ToplevelSearch;

static gboolean
toplevel_found (gpointer data)
{
  ToplevelSearch *search = data;

  return (search->found = rk_test_a11y_find_toplevel (search->app, search->title)) != NULL;
}

/**
 * rk_test_a11y_wait_toplevel:
 * @app: an application in the desktop
 * @title: the title of a window
 *
 * Waits for the top-level of @app titled @title; on time-out, lists the
 * top-levels there are and fails.
 *
 * Returns: (transfer full): the top-level
 */
AtspiAccessible *
rk_test_a11y_wait_toplevel (AtspiAccessible *app,
                            const char      *title)
{
  ToplevelSearch search = { app, title, NULL };

  if (!rk_test_wait_until (toplevel_found, &search, RK_TEST_A11Y_TIMEOUT_MS))
    {
      int n = get_n_children (app);

      for (int i = 0; i < n; i++)
        {
          g_autoptr(AtspiAccessible) child = get_child (app, i);
          g_autofree char *name = child != NULL ? get_name (child) : NULL;

          g_printerr ("top-level %d: \"%s\"\n", i, name ? name : "(gone)");
        }
      g_error ("Timed out after %d ms waiting for the window \"%s\"", RK_TEST_A11Y_TIMEOUT_MS,
               title);
    }
  return search.found;
}

/**
 * rk_test_a11y_set_text:
 * @entry: a text entry
 * @text: the text
 *
 * Replaces the text of @entry, as an assistive technology types it.
 */
void
rk_test_a11y_set_text (AtspiAccessible *entry,
                       const char      *text)
{
  g_autoptr(AtspiEditableText) editable = atspi_accessible_get_editable_text_iface (entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;

  g_assert_nonnull (editable);
  g_assert_true (atspi_editable_text_set_text_contents (editable, text, &error));
  g_assert_no_error (error);
  now = get_text (entry);
  g_assert_cmpstr (now, ==, text);
}

/* libatspi warns (domain "dbind") when a client of the bus, such as the
 * test itself, has no AT-SPI cache to read: no failure of the app, so
 * neither fatal nor printed (a fatal message reads as "Bail out!" in TAP). */
static gboolean
log_fatal_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  return g_strcmp0 (log_domain, "dbind") != 0;
}

static void
log_dbind_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
}

/**
 * rk_test_a11y_quiet_atspi:
 *
 * Keeps libatspi's warnings about other clients of the bus out of the test
 * log. GTest resets the fatal log handler for each case: call this at the
 * start of every case.
 */
void
rk_test_a11y_quiet_atspi (void)
{
  static gboolean handler_set;

  g_test_log_set_fatal_handler (log_fatal_cb, NULL);
  if (!handler_set)
    g_log_set_handler ("dbind", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, log_dbind_cb, NULL);
  handler_set = TRUE;
}

AtspiAccessible *
rk_test_a11y_find_app (GPid pid)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = get_n_children (desktop);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) app = get_child (desktop, i);

      if (app != NULL && atspi_accessible_get_process_id (app, NULL) == (guint)pid)
        return g_steal_pointer (&app);
    }
  return NULL;
}

