/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-window.h: the main window: sidebar, actor page, header bars, toasts */

#pragma once

#include <adwaita.h>

#include "lens-application.h"
#include "lens-endpoint.h"

G_BEGIN_DECLS

#define LENS_TYPE_WINDOW (lens_window_get_type ())

G_DECLARE_FINAL_TYPE (LensWindow, lens_window, LENS, WINDOW, AdwApplicationWindow)

LensWindow   *lens_window_new          (LensApplication    *application,
                                        LensEndpoint       *endpoint);
LensEndpoint *lens_window_get_endpoint (LensWindow         *self);
void          lens_window_set_endpoint (LensWindow         *self,
                                        LensEndpoint       *endpoint);
void          lens_window_reveal_actor (LensWindow         *self,
                                        const char         *type_name,
                                        const char * const *key);

G_END_DECLS
