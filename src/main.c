/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: entry point of Actor Lens */

#define G_LOG_DOMAIN "actor-lens"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "lens-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LensApplication) app = NULL;
  const char *localedir;

  /* `meson devenv` points this at the build tree's po/, so that an
   * uninstalled build runs translated. */
  localedir = g_getenv ("ACTOR_LENS_LOCALEDIR");
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lens_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
