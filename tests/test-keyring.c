/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keyring.c: tokens in a real keyring (gnome-keyring on a private
 * session bus, started by tests/run-with-keyring): the token store's round
 * trip, and the app using the stored token of the most recent endpoint.
 *
 * Without a secret service, every case skips. */

#define G_LOG_DOMAIN "test-keyring"

#include "config.h"

#include <adwaita.h>

#include "rk-client.h"

#include "lens-application.h"
#include "lens-endpoint.h"
#include "lens-token-store.h"
#include "lens-window.h"

#define ENDPOINT "http://127.0.0.1:9"
#define DEADLINE_USEC (20 * G_USEC_PER_SEC)

static gboolean have_keyring;

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_USEC;

  while (*result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*result);

  return *result;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static char *
lookup (const char *endpoint,
        const char *namespace_)
{
  LensTokenStore *store = lens_token_store_get_default ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  lens_token_store_lookup_async (store, endpoint, namespace_, NULL, store_result_cb, &result);
  token = lens_token_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);

  return token;
}

static void
save (const char *endpoint,
      const char *namespace_,
      const char *token)
{
  LensTokenStore *store = lens_token_store_get_default ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lens_token_store_save_async (store, endpoint, namespace_, token, NULL, store_result_cb, &result);
  g_assert_true (lens_token_store_save_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
forget (const char *endpoint,
        const char *namespace_)
{
  LensTokenStore *store = lens_token_store_get_default ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lens_token_store_forget_async (store, endpoint, namespace_, NULL, store_result_cb, &result);
  g_assert_true (lens_token_store_forget_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  char *token;

  if (!have_keyring)
    {
      g_test_skip ("No secret service on the session bus");
      return;
    }

  save (ENDPOINT, "alpha", "token-alpha");
  save (ENDPOINT, "beta", "token-beta");

  token = lookup (ENDPOINT, "alpha");
  g_assert_cmpstr (token, ==, "token-alpha");
  g_free (token);

  /* Keyed by endpoint and namespace together. */
  token = lookup (ENDPOINT, "beta");
  g_assert_cmpstr (token, ==, "token-beta");
  g_free (token);
  token = lookup ("http://127.0.0.1:10", "alpha");
  g_assert_null (token);

  /* Saving again replaces. */
  save (ENDPOINT, "alpha", "token-alpha-2");
  token = lookup (ENDPOINT, "alpha");
  g_assert_cmpstr (token, ==, "token-alpha-2");
  g_free (token);

  forget (ENDPOINT, "alpha");
  forget (ENDPOINT, "beta");
  g_assert_null (lookup (ENDPOINT, "alpha"));
  g_assert_null (lookup (ENDPOINT, "beta"));
}

typedef struct
{
  gint64 deadline;
  char *token;
  gboolean window_seen;
} RecentState;

static gboolean
poll_window_cb (gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  RecentState *state = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (LENS_IS_WINDOW (window))
    {
      RkClient *client = lens_endpoint_get_client (lens_window_get_endpoint (LENS_WINDOW (window)));

      state->window_seen = TRUE;
      if (rk_client_has_token (client))
        {
          state->token = g_strdup (rk_client_get_token (client));
          gtk_window_destroy (window);
          return G_SOURCE_REMOVE;
        }
    }

  if (g_get_monotonic_time () > state->deadline)
    {
      if (window != NULL)
        gtk_window_destroy (window);
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Started without an endpoint, the app opens the most recent one and takes
 * its token from the keyring. */
static void
test_recent_endpoint (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(LensApplication) app = NULL;
  RecentState state = { 0 };
  char *argv[] = { (char *)"actor-lens", NULL };

  if (!have_keyring)
    {
      g_test_skip ("No secret service on the session bus");
      return;
    }

  save (ENDPOINT, "recent-ns", "token-recent");

  settings = g_settings_new (APP_ID);
  g_settings_set_value (settings, "recent-endpoints",
                        g_variant_new_parsed ("[(%s, %s)]", ENDPOINT, "recent-ns"));

  g_unsetenv ("RIVET_ENDPOINT");
  g_unsetenv ("RIVET_NAMESPACE");
  g_unsetenv ("RIVET_TOKEN");

  app = lens_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  state.deadline = g_get_monotonic_time () + DEADLINE_USEC;
  g_timeout_add (20, poll_window_cb, &state);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);

  g_assert_true (state.window_seen);
  g_assert_cmpstr (state.token, ==, "token-recent");
  g_free (state.token);

  forget (ENDPOINT, "recent-ns");
}

static gboolean
secret_service_running (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                       NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      for (int i = 1; i < argc; i++)
        if (g_str_equal (argv[i], "--tap"))
          {
            g_print ("1..0 # SKIP No display\n");
            return 0;
          }
      return 77;
    }

  g_test_init (&argc, &argv, NULL);
  have_keyring = g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL && secret_service_running ();

  g_test_add_func ("/rk/keyring/round-trip", test_round_trip);
  g_test_add_func ("/rk/keyring/recent-endpoint", test_recent_endpoint);

  return g_test_run ();
}
