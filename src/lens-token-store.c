/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-token-store.c: tokens in the user's keyring, keyed by endpoint and namespace
 *
 * Tokens go to the Secret Service (or the secret portal inside Flatpak)
 * through libsecret's asynchronous API, never to GSettings or a file. When
 * no keyring answers, every call fails with an error the caller shows
 * softly; after a failure to reach the service the store stops asking for the rest of the
 * session, so a missing service costs one round trip, not one per call.
 */

#define G_LOG_DOMAIN "lens-token-store"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "rk-client.h"

#include "lens-token-store.h"

struct _LensTokenStore
{
  GObject parent_instance;

  /* Set after the keyring failed at the D-Bus level */
  char *unavailable;
};

G_DEFINE_FINAL_TYPE (LensTokenStore, lens_token_store, G_TYPE_OBJECT)

/* Named after the base app ID, like the GSettings schema, so that the
 * Devel build sees the tokens of the recent endpoints it shares. */
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    .name = SCHEMA_ID ".Token",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "namespace", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
check_available (LensTokenStore *self,
                 const GError   *error)
{
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Keyring error: %s", error->message);

  /* The keyring's own errors (a locked item, a refused prompt) are worth
   * a retry; a missing bus or service (D-Bus, I/O or spawn errors from
   * the bus autolaunch) is not. */
  if (error->domain != SECRET_ERROR)
    {
      g_free (self->unavailable);
      self->unavailable = g_strdup (error->message);
    }
}

/* Returns TRUE when @task was completed because no keyring is available. */
static gboolean
return_if_unavailable (LensTokenStore *self,
                       GTask          *task)
{
  if (self->unavailable == NULL)
    return FALSE;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("No keyring is available: %s"), self->unavailable);
  return TRUE;
}

static const char *
namespace_or_default (const char *namespace_)
{
  return namespace_ != NULL && namespace_[0] != '\0' ? namespace_ : RK_DEFAULT_NAMESPACE;
}

static void
lens_token_store_finalize (GObject *object)
{
  LensTokenStore *self = (LensTokenStore *)object;

  g_free (self->unavailable);

  G_OBJECT_CLASS (lens_token_store_parent_class)->finalize (object);
}

static void
lens_token_store_class_init (LensTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lens_token_store_finalize;
}

static void
lens_token_store_init (LensTokenStore *self)
{
}

/**
 * lens_token_store_get_default:
 *
 * Returns: (transfer none): the token store of the process
 */
LensTokenStore *
lens_token_store_get_default (void)
{
  static LensTokenStore *store;

  if (g_once_init_enter (&store))
    g_once_init_leave (&store, g_object_new (LENS_TYPE_TOKEN_STORE, NULL));

  return store;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      check_available (g_task_get_source_object (task), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * lens_token_store_save_async:
 * @self: a #LensTokenStore
 * @endpoint: the endpoint URL
 * @namespace_: (nullable): its namespace, %NULL for the default one
 * @token: the token, not empty
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Stores @token in the default keyring collection, replacing the one
 * stored for the same endpoint and namespace.
 */
void
lens_token_store_save_async (LensTokenStore      *self,
                             const char          *endpoint,
                             const char          *namespace_,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (LENS_IS_TOKEN_STORE (self));
  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (token != NULL && token[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lens_token_store_save_async);
  if (return_if_unavailable (self, task))
    return;

  namespace_ = namespace_or_default (namespace_);
  /* Translators: the name of the token in the keyring; the first %s is the
   * endpoint URL, the second the namespace */
  label = g_strdup_printf (_("Actor Lens token for %s (namespace “%s”)"), endpoint, namespace_);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, save_cb, g_steal_pointer (&task),
                         "endpoint", endpoint,
                         "namespace", namespace_,
                         NULL);
}

/**
 * lens_token_store_save_finish:
 * @self: a #LensTokenStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the keyring holds the token
 */
gboolean
lens_token_store_save_finish (LensTokenStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (LENS_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      check_available (g_task_get_source_object (task), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A copy the caller frees with g_free(); the keyring's copy is wiped. */
  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

/**
 * lens_token_store_lookup_async:
 * @self: a #LensTokenStore
 * @endpoint: the endpoint URL
 * @namespace_: (nullable): its namespace, %NULL for the default one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Looks up the token stored for @endpoint and @namespace_. The keyring may
 * ask the user to unlock it first.
 */
void
lens_token_store_lookup_async (LensTokenStore      *self,
                               const char          *endpoint,
                               const char          *namespace_,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LENS_IS_TOKEN_STORE (self));
  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lens_token_store_lookup_async);
  if (return_if_unavailable (self, task))
    return;

  secret_password_lookup (token_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "endpoint", endpoint,
                          "namespace", namespace_or_default (namespace_),
                          NULL);
}

/**
 * lens_token_store_lookup_finish:
 * @self: a #LensTokenStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with @error unset
 *   when none is stored, or %NULL with @error set
 */
char *
lens_token_store_lookup_finish (LensTokenStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (LENS_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to forget. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      check_available (g_task_get_source_object (task), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * lens_token_store_forget_async:
 * @self: a #LensTokenStore
 * @endpoint: the endpoint URL
 * @namespace_: (nullable): its namespace, %NULL for the default one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Removes the token stored for @endpoint and @namespace_, if any.
 */
void
lens_token_store_forget_async (LensTokenStore      *self,
                               const char          *endpoint,
                               const char          *namespace_,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LENS_IS_TOKEN_STORE (self));
  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lens_token_store_forget_async);
  if (return_if_unavailable (self, task))
    return;

  secret_password_clear (token_schema (), cancellable, forget_cb, g_steal_pointer (&task),
                         "endpoint", endpoint,
                         "namespace", namespace_or_default (namespace_),
                         NULL);
}

/**
 * lens_token_store_forget_finish:
 * @self: a #LensTokenStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if no token is stored any more
 */
gboolean
lens_token_store_forget_finish (LensTokenStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (LENS_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
