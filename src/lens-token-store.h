/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-token-store.h: tokens in the user's keyring, keyed by endpoint and namespace */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LENS_TYPE_TOKEN_STORE (lens_token_store_get_type ())

G_DECLARE_FINAL_TYPE (LensTokenStore, lens_token_store, LENS, TOKEN_STORE, GObject)

LensTokenStore *lens_token_store_get_default   (void);
void            lens_token_store_save_async    (LensTokenStore      *self,
                                                const char          *endpoint,
                                                const char          *namespace_,
                                                const char          *token,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        lens_token_store_save_finish   (LensTokenStore      *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            lens_token_store_lookup_async  (LensTokenStore      *self,
                                                const char          *endpoint,
                                                const char          *namespace_,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char           *lens_token_store_lookup_finish (LensTokenStore      *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            lens_token_store_forget_async  (LensTokenStore      *self,
                                                const char          *endpoint,
                                                const char          *namespace_,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        lens_token_store_forget_finish (LensTokenStore      *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
