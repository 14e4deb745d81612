/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-application.c: the Actor Lens application: command line, app actions, accels */

#define G_LOG_DOMAIN "lens-application"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rk-client.h"
#include "rk-key.h"

#include "lens-application.h"
#include "lens-endpoint.h"
#include "lens-preferences-window.h"
#include "lens-token-store.h"
#include "lens-window.h"

#define MAX_RECENT_ENDPOINTS 8

struct _LensApplication
{
  AdwApplication parent_instance;

  /* Owned references */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (LensApplication, lens_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "namespace", 'n', 0, G_OPTION_ARG_STRING, NULL,
    N_("Namespace to use (default: $RIVET_NAMESPACE, else “default”)"), N_("NAMESPACE") },
  { "actor", 'a', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the actor with this type and key, e.g. counter/main"), N_("TYPE/KEY") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[ENDPOINT]") },
  { NULL }
};

/* The endpoint when none is given: the most recent one, else the default. */
static void
get_recent (LensApplication  *self,
            char            **endpoint,
            char            **namespace_)
{
  g_autoptr(GVariant) recent = g_settings_get_value (self->settings, "recent-endpoints");

  if (g_variant_n_children (recent) > 0)
    g_variant_get_child (recent, 0, "(ss)", endpoint, namespace_);
}

static LensWindow *
open_window (LensApplication *self,
             RkClient        *client)
{
  g_autoptr(LensEndpoint) endpoint = lens_endpoint_new (client);
  LensWindow *window = lens_window_new (self, endpoint);

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/* Returns the client for @endpoint, or for the most recent endpoint when none
 * is given; then *@from_recent says so. */
static RkClient *
client_for (LensApplication  *self,
            const char       *endpoint,
            const char       *namespace_,
            const char       *token,
            gboolean         *from_recent,
            GError          **error)
{
  g_autofree char *recent_endpoint = NULL;
  g_autofree char *recent_namespace = NULL;

  if (from_recent != NULL)
    *from_recent = FALSE;

  if (endpoint == NULL || endpoint[0] == '\0')
    {
      get_recent (self, &recent_endpoint, &recent_namespace);
      endpoint = recent_endpoint;
      if (from_recent != NULL)
        *from_recent = recent_endpoint != NULL;
      if (namespace_ == NULL || namespace_[0] == '\0')
        namespace_ = recent_namespace;
    }

  return rk_client_new (endpoint, namespace_, token, error);
}

typedef struct
{
  GWeakRef window;
  RkClient *client;
} RecentLookup;

static void
recent_lookup_free (RecentLookup *lookup)
{
  g_weak_ref_clear (&lookup->window);
  g_clear_object (&lookup->client);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RecentLookup, recent_lookup_free)

static void
recent_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RecentLookup) lookup = user_data;
  g_autoptr(LensWindow) window = g_weak_ref_get (&lookup->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(RkClient) client = NULL;
  g_autoptr(LensEndpoint) endpoint = NULL;

  token = lens_token_store_lookup_finish (LENS_TOKEN_STORE (object), result, &error);
  if (error != NULL)
    {
      /* No keyring is a normal desktop: the window works without a token. */
      g_debug ("No token for the most recent endpoint: %s", error->message);
      return;
    }

  /* Only while the window still shows the endpoint it opened with: the user
   * may have connected elsewhere in the meantime. */
  if (token == NULL || window == NULL ||
      lens_endpoint_get_client (lens_window_get_endpoint (window)) != lookup->client)
    return;

  client = rk_client_new (rk_client_get_configured_endpoint (lookup->client),
                          rk_client_get_namespace (lookup->client), token, &error);
  if (client == NULL)
    {
      g_warning ("The stored token can't be used: %s", error->message);
      return;
    }

  endpoint = lens_endpoint_new (client);
  lens_window_set_endpoint (window, endpoint);
}

/* The window opened on the most recent endpoint looks for that endpoint's
 * token in the keyring, and uses it when found. The keyring may take a while
 * (or wait to be unlocked), so the window does not wait for it. */
static void
lookup_recent_token (LensWindow *window)
{
  RkClient *client = lens_endpoint_get_client (lens_window_get_endpoint (window));
  RecentLookup *lookup = g_new0 (RecentLookup, 1);

  g_weak_ref_init (&lookup->window, window);
  lookup->client = g_object_ref (client);
  lens_token_store_lookup_async (lens_token_store_get_default (),
                                 rk_client_get_configured_endpoint (client),
                                 rk_client_get_namespace (client),
                                 NULL, recent_token_cb, lookup);
}

static int
lens_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("actor-lens %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
lens_application_command_line (GApplication            *app,
                               GApplicationCommandLine *command_line)
{
  LensApplication *self = LENS_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr(GError) error = NULL;
  g_autoptr(RkClient) client = NULL;
  g_autofree const char **rest = NULL;
  g_autofree char *type_name = NULL;
  g_auto(GStrv) key = NULL;
  const char *namespace_ = NULL;
  const char *actor = NULL;
  const char *endpoint;
  const char *token;
  gboolean from_recent;
  LensWindow *window;

  g_variant_dict_lookup (options, "namespace", "&s", &namespace_);
  g_variant_dict_lookup (options, "actor", "&s", &actor);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &rest);

  if (rest != NULL && rest[0] != NULL && rest[1] != NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Give at most one endpoint"));
      return 1;
    }

  if (actor != NULL)
    {
      const char *slash = strchr (actor, '/');

      if (slash == NULL || slash == actor)
        {
          g_application_command_line_printerr (command_line, "%s\n",
                                               _("--actor takes TYPE/KEY, e.g. counter/main"));
          return 1;
        }
      type_name = g_strndup (actor, slash - actor);
      key = rk_key_parse (slash + 1);
    }

  /* The environment of the command line, which may be another process. */
  endpoint = rest && rest[0] ? rest[0]
                             : g_application_command_line_getenv (command_line, "RIVET_ENDPOINT");
  if (namespace_ == NULL)
    namespace_ = g_application_command_line_getenv (command_line, "RIVET_NAMESPACE");

  token = g_application_command_line_getenv (command_line, "RIVET_TOKEN");
  if (!(client = client_for (self, endpoint, namespace_, token, &from_recent, &error)))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 1;
    }

  window = open_window (self, client);
  if (from_recent && (token == NULL || token[0] == '\0'))
    lookup_recent_token (window);
  if (type_name != NULL)
    lens_window_reveal_actor (window, type_name, (const char * const *)key);

  return 0;
}

static void
lens_application_activate (GApplication *app)
{
  LensApplication *self = LENS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  g_autoptr(RkClient) client = NULL;
  const char *token = g_getenv ("RIVET_TOKEN");
  gboolean from_recent;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (!(client = client_for (self, g_getenv ("RIVET_ENDPOINT"), g_getenv ("RIVET_NAMESPACE"),
                             token, &from_recent, &error)))
    {
      from_recent = FALSE;
      if (!(client = rk_client_new (NULL, NULL, NULL, NULL)))
        return;
    }

  window = GTK_WINDOW (open_window (self, client));
  if (from_recent && (token == NULL || token[0] == '\0'))
    lookup_recent_token (LENS_WINDOW (window));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Actor Lens authors", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (window,
                         "application-name", _("Actor Lens"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Actor Lens authors"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "comments", _("Inspect live RivetKit actors: state, actions, "
                                       "connections and events"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Actor Lens authors",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *preferences = lens_preferences_window_new (window);

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  LensApplication *self = LENS_APPLICATION (user_data);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  LensEndpoint *endpoint = LENS_IS_WINDOW (active)
                           ? lens_window_get_endpoint (LENS_WINDOW (active)) : NULL;
  g_autoptr(RkClient) client = NULL;

  /* The same server as the active window, with the same credentials. */
  if (endpoint != NULL)
    {
      RkClient *current = lens_endpoint_get_client (endpoint);

      client = rk_client_new (rk_client_get_configured_endpoint (current),
                              rk_client_get_namespace (current),
                              rk_client_get_token (current), NULL);
    }
  if (client == NULL && !(client = client_for (self, NULL, NULL, NULL, NULL, NULL)))
    return;

  open_window (self, client);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "new-window", new_window_action },
};

static void
lens_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.new-window", { "<Control><Shift>n", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.connect", { "<Control>l", NULL } },
    { "win.refresh", { "<Control>r", "F5", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.create-actor", { "<Control>n", NULL } },
    { "win.show-page::overview", { "<Alt>1", NULL } },
    { "win.show-page::state", { "<Alt>2", NULL } },
    { "win.show-page::actions", { "<Alt>3", NULL } },
    { "win.show-page::connections", { "<Alt>4", NULL } },
    { "win.show-page::events", { "<Alt>5", NULL } },
    { "win.show-page::raw", { "<Alt>6", NULL } },
    { "win.show-page::queue", { "<Alt>7", NULL } },
  };
  LensApplication *self = LENS_APPLICATION (app);

  G_APPLICATION_CLASS (lens_application_parent_class)->startup (app);

  gtk_source_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
lens_application_dispose (GObject *object)
{
  LensApplication *self = (LensApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lens_application_parent_class)->dispose (object);
}

static void
lens_application_class_init (LensApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lens_application_dispose;

  app_class->startup = lens_application_startup;
  app_class->activate = lens_application_activate;
  app_class->command_line = lens_application_command_line;
  app_class->handle_local_options = lens_application_handle_local_options;
}

static void
lens_application_init (LensApplication *self)
{
  self->settings = g_settings_new (SCHEMA_ID);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[ENDPOINT]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Inspect the live actors of a RivetKit server. "
                                              "ENDPOINT defaults to $RIVET_ENDPOINT, then to "
                                              "the last one used, then to "
                                              "http://localhost:6420; $RIVET_TOKEN is the "
                                              "token."));
}

LensApplication *
lens_application_new (void)
{
  return g_object_new (LENS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/actorlens/ActorLens",
                       NULL);
}

/**
 * lens_application_remember_endpoint:
 * @self: a #LensApplication
 * @endpoint: an endpoint URL that worked
 * @namespace_: its namespace
 *
 * Puts the endpoint first in the recent list (never with a token).
 */
void
lens_application_remember_endpoint (LensApplication *self,
                                    const char      *endpoint,
                                    const char      *namespace_)
{
  g_autoptr(GVariant) recent = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *e;
  const char *ns;
  guint n = 1;

  g_return_if_fail (LENS_IS_APPLICATION (self));
  g_return_if_fail (endpoint != NULL);

  if (namespace_ == NULL)
    namespace_ = RK_DEFAULT_NAMESPACE;

  recent = g_settings_get_value (self->settings, "recent-endpoints");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  g_variant_builder_add (&builder, "(ss)", endpoint, namespace_);

  g_variant_iter_init (&iter, recent);
  while (n < MAX_RECENT_ENDPOINTS && g_variant_iter_next (&iter, "(&s&s)", &e, &ns))
    {
      if (g_str_equal (e, endpoint) && g_str_equal (ns, namespace_))
        continue;
      g_variant_builder_add (&builder, "(ss)", e, ns);
      n++;
    }

  g_settings_set_value (self->settings, "recent-endpoints", g_variant_builder_end (&builder));
}
