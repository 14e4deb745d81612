/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client.c: endpoint configuration as the official client reads it */

#include "config.h"

#include <string.h>

#include "rk-client.h"
#include "rk-error.h"

typedef struct
{
  const char *endpoint;
  const char *namespace_;
  const char *token;
  const char *expected_endpoint;
  const char *expected_namespace;
  const char *expected_token;
  int         expected_error;
} EndpointCase;

static const EndpointCase endpoint_cases[] = {
  { NULL, NULL, NULL, "http://localhost:6420", "default", NULL, -1 },
  { "", "", "", "http://localhost:6420", "default", NULL, -1 },
  { "http://127.0.0.1:6420", NULL, NULL, "http://127.0.0.1:6420", "default", NULL, -1 },
  { "http://127.0.0.1:6420/", NULL, NULL, "http://127.0.0.1:6420", "default", NULL, -1 },
  { "https://api.example.test/api/rivet/", NULL, NULL, "https://api.example.test/api/rivet",
    "default", NULL, -1 },
  { "https://prod:sk_abc@api.example.test", NULL, NULL, "https://api.example.test", "prod",
    "sk_abc", -1 },
  { "https://my%20ns:t%2Fk@api.example.test", NULL, NULL, "https://api.example.test", "my ns",
    "t/k", -1 },
  { "https://prod@api.example.test", NULL, "tok", "https://api.example.test", "prod", "tok", -1 },
  { "http://127.0.0.1:6420", "staging", "tok", "http://127.0.0.1:6420", "staging", "tok", -1 },
  { "https://prod:sk@api.example.test", "prod", "sk", "https://api.example.test", "prod", "sk", -1 },
  { "https://:sk@api.example.test", NULL, NULL, NULL, NULL, NULL, RK_ERROR_INVALID_ARGUMENT },
  { "https://prod:sk@api.example.test", "other", NULL, NULL, NULL, NULL, RK_ERROR_INVALID_ARGUMENT },
  { "https://prod:sk@api.example.test", NULL, "other", NULL, NULL, NULL, RK_ERROR_INVALID_ARGUMENT },
  { "http://127.0.0.1:6420?x=1", NULL, NULL, NULL, NULL, NULL, RK_ERROR_INVALID_ARGUMENT },
  { "http://127.0.0.1:6420#frag", NULL, NULL, NULL, NULL, NULL, RK_ERROR_INVALID_ARGUMENT },
  { "ws://127.0.0.1:6420", NULL, NULL, NULL, NULL, NULL, RK_ERROR_INVALID_ARGUMENT },
  { "not a url", NULL, NULL, NULL, NULL, NULL, RK_ERROR_INVALID_ARGUMENT },
  { "http://", NULL, NULL, NULL, NULL, NULL, RK_ERROR_INVALID_ARGUMENT },
};

static void
test_endpoints (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (endpoint_cases); i++)
    {
      const EndpointCase *c = &endpoint_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RkClient) client = NULL;

      g_test_message ("case %u: %s", i, c->endpoint ? c->endpoint : "(null)");
      client = rk_client_new (c->endpoint, c->namespace_, c->token, &error);

      if (c->expected_error >= 0)
        {
          g_assert_null (client);
          g_assert_error (error, RK_ERROR, c->expected_error);
          /* A token never shows in an error message. */
          g_assert_null (strstr (error->message, "sk_abc"));
          g_assert_null (strstr (error->message, ":sk@"));
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpstr (rk_client_get_endpoint (client), ==, c->expected_endpoint);
      g_assert_cmpstr (rk_client_get_configured_endpoint (client), ==, c->expected_endpoint);
      g_assert_cmpstr (rk_client_get_namespace (client), ==, c->expected_namespace);
      g_assert_cmpstr (rk_client_get_token (client), ==, c->expected_token);
      g_assert_cmpint (rk_client_has_token (client), ==, c->expected_token != NULL);
    }
}

static void
test_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkClient) client = NULL;
  g_autoptr(RkClient) fallback = NULL;

  g_setenv ("RIVET_ENDPOINT", "https://env-ns:env-token@rivet.example.test", TRUE);
  g_unsetenv ("RIVET_NAMESPACE");
  g_unsetenv ("RIVET_TOKEN");
  client = rk_client_new_from_environment (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (rk_client_get_endpoint (client), ==, "https://rivet.example.test");
  g_assert_cmpstr (rk_client_get_namespace (client), ==, "env-ns");
  g_assert_cmpstr (rk_client_get_token (client), ==, "env-token");

  g_unsetenv ("RIVET_ENDPOINT");
  g_setenv ("RIVET_NAMESPACE", "ns2", TRUE);
  g_setenv ("RIVET_TOKEN", "t2", TRUE);
  fallback = rk_client_new_from_environment (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (rk_client_get_endpoint (fallback), ==, RK_DEFAULT_ENDPOINT);
  g_assert_cmpstr (rk_client_get_namespace (fallback), ==, "ns2");
  g_assert_cmpstr (rk_client_get_token (fallback), ==, "t2");
  g_unsetenv ("RIVET_NAMESPACE");
  g_unsetenv ("RIVET_TOKEN");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_follow_switch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkClient) client = rk_client_new ("http://127.0.0.1:1", NULL, NULL, &error);
  guint notified = 0;

  g_assert_no_error (error);
  g_assert_true (rk_client_get_follow_client_endpoint (client));
  g_signal_connect (client, "notify::follow-client-endpoint",
                    G_CALLBACK (count_notify_cb), &notified);
  rk_client_set_follow_client_endpoint (client, FALSE);
  rk_client_set_follow_client_endpoint (client, FALSE);
  g_assert_false (rk_client_get_follow_client_endpoint (client));
  g_assert_cmpuint (notified, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/client/endpoints", test_endpoints);
  g_test_add_func ("/rk/client/environment", test_environment);
  g_test_add_func ("/rk/client/follow-switch", test_follow_switch);

  return g_test_run ();
}
