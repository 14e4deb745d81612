/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-application.h: the Actor Lens application: command line, app actions, accels */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LENS_TYPE_APPLICATION (lens_application_get_type ())

G_DECLARE_FINAL_TYPE (LensApplication, lens_application, LENS, APPLICATION, AdwApplication)

LensApplication *lens_application_new               (void);
void             lens_application_remember_endpoint (LensApplication *self,
                                                     const char      *endpoint,
                                                     const char      *namespace_);

G_END_DECLS
