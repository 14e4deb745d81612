/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-create-actor-dialog.h: create an actor, or get the one with a key */

#pragma once

#include <adwaita.h>

#include "rk-client.h"

G_BEGIN_DECLS

#define LENS_TYPE_CREATE_ACTOR_DIALOG (lens_create_actor_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LensCreateActorDialog, lens_create_actor_dialog, LENS, CREATE_ACTOR_DIALOG,
                      AdwWindow)

GtkWidget *lens_create_actor_dialog_new         (GtkWindow             *parent,
                                                 RkClient              *client,
                                                 GListModel            *types,
                                                 const char            *type_name);
void       lens_create_actor_dialog_set_key     (LensCreateActorDialog *self,
                                                 const char * const    *key);
char     **lens_create_actor_dialog_dup_key     (LensCreateActorDialog *self);
void       lens_create_actor_dialog_set_input   (LensCreateActorDialog *self,
                                                 const char            *json);
char      *lens_create_actor_dialog_dup_snippet (LensCreateActorDialog *self);

G_END_DECLS
