/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-key.c: actor keys (arrays of strings) and their serialized "a/b\/c" form */

#define G_LOG_DOMAIN "rk-key"

#include "config.h"

#include "rk-key.h"

/* These rules mirror serializeActorKey () and deserializeActorKey () in
 * rivetkit/src/actor/keys.ts, which are the same in 2.2.1 and 2.3.19. */

#define EMPTY_KEY "/"
#define SEPARATOR '/'
#define ESCAPE '\\'
#define EMPTY_COMPONENT_MARKER '0'

static void
append_component (GString    *out,
                  const char *part)
{
  if (*part == '\0')
    {
      /* An empty component is the marker "\0". */
      g_string_append_c (out, ESCAPE);
      g_string_append_c (out, EMPTY_COMPONENT_MARKER);
      return;
    }

  for (const char *p = part; *p != '\0'; p++)
    {
      if (*p == ESCAPE || *p == SEPARATOR)
        g_string_append_c (out, ESCAPE);
      g_string_append_c (out, *p);
    }
}

static char *
join_components (const char * const *parts,
                 const char         *separator)
{
  GString *out;

  if (parts == NULL || parts[0] == NULL)
    return g_strdup (EMPTY_KEY);

  out = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      append_component (out, parts[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * rk_key_serialize:
 * @parts: (array zero-terminated=1) (nullable): the key components
 *
 * Builds the single string that the manager API and the gateway use for an
 * actor key: an empty key is `/`; otherwise each component has `\` escaped
 * as `\\` and `/` as `\/` (an empty component becomes `\0`), and the
 * components are joined with `/`.
 *
 * Returns: (transfer full): the serialized key
 */
char *
rk_key_serialize (const char * const *parts)
{
  return join_components (parts, "/");
}

/**
 * rk_key_parse:
 * @serialized: (nullable): a serialized key
 *
 * Splits a serialized key into its components, exactly as RivetKit does.
 * It never fails:
 *
 * - %NULL, `""` and `/` give an empty key.
 * - `\x` is the literal character `x`.
 * - `\0` anywhere in a component makes the whole component empty: RivetKit
 *   sets an "empty" flag and drops what was collected, so `a\0b` gives
 *   one empty component.
 * - An unescaped `/` ends a component, so `a/` gives `a` and an empty
 *   component.
 * - A trailing lone `\` is a literal backslash, and wins over the `\0` flag.
 *
 * Returns: (transfer full) (array zero-terminated=1): the components
 */
char **
rk_key_parse (const char *serialized)
{
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GString) current = NULL;
  gboolean escaping = FALSE;
  gboolean empty_marker = FALSE;

  parts = g_ptr_array_new_with_free_func (g_free);

  if (serialized == NULL || g_str_equal (serialized, EMPTY_KEY))
    {
      g_ptr_array_add (parts, NULL);
      return (char **)g_ptr_array_free (g_steal_pointer (&parts), FALSE);
    }

  current = g_string_new (NULL);

  for (const char *p = serialized; *p != '\0'; p++)
    {
      if (escaping)
        {
          if (*p == EMPTY_COMPONENT_MARKER)
            empty_marker = TRUE;
          else
            g_string_append_c (current, *p);
          escaping = FALSE;
        }
      else if (*p == ESCAPE)
        {
          escaping = TRUE;
        }
      else if (*p == SEPARATOR)
        {
          g_ptr_array_add (parts, g_strdup (empty_marker ? "" : current->str));
          empty_marker = FALSE;
          g_string_truncate (current, 0);
        }
      else
        {
          g_string_append_c (current, *p);
        }
    }

  if (escaping)
    {
      g_string_append_c (current, ESCAPE);
      g_ptr_array_add (parts, g_strdup (current->str));
    }
  else if (empty_marker)
    {
      g_ptr_array_add (parts, g_strdup (""));
    }
  else if (current->len > 0 || parts->len > 0)
    {
      g_ptr_array_add (parts, g_strdup (current->str));
    }

  g_ptr_array_add (parts, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

/**
 * rk_key_to_display:
 * @parts: (array zero-terminated=1) (nullable): the key components
 *
 * Formats a key for a list or a title: the components, escaped as in
 * rk_key_serialize (), joined by ` / ` so that the separators stand out.
 * A one-component key looks the same as its serialized form. An empty key
 * gives `/`; the UI may prefer to show a translated "(empty key)".
 *
 * Returns: (transfer full): the text to show
 */
char *
rk_key_to_display (const char * const *parts)
{
  return join_components (parts, " / ");
}
