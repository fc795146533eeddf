// SPDX-License-Identifier: Apache-2.0
// bench/floor_window.cpp — madoguchi-floor-window: the floor a native kiosk
// cannot go under (issue 9, bench/process_bench.sh).
//
// An SDL2 window with an OpenGL 3 context made exactly as the kiosk makes it
// (kiosk/platform/src/window.cpp: same hints, attributes, flags and swap
// interval; the same Mesa cache switches as process_hardening.cpp sets before
// SDL starts), cleared to the kiosk's background colour, one frame presented,
// then asleep in SDL_WaitEvent until SIGTERM/SIGINT (SDL turns them into
// SDL_QUIT) or the window is closed. No ImGui, no fonts, no catalogue: start
// time, memory and idle cost of "a window with a GL context and nothing in it".
//
//   madoguchi-floor-window [--window WIDTHxHEIGHT]      default 1920x1080
#include <SDL.h>

#include <GL/gl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
    int w = 1920, h = 1080;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--window") == 0 && i + 1 < argc) {
            if (std::sscanf(argv[++i], "%dx%d", &w, &h) != 2 || w < 1 || h < 1) {
                std::fprintf(stderr, "madoguchi-floor-window: --window wants WIDTHxHEIGHT\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "usage: madoguchi-floor-window [--window WIDTHxHEIGHT]\n");
            return 2;
        }
    }
    // As the kiosk does before SDL and Mesa start (process_hardening.cpp).
    ::setenv("MESA_SHADER_CACHE_DISABLE", "true", 1);
    ::setenv("MESA_GLSL_CACHE_DISABLE", "true", 1);
    ::setenv("__GL_SHADER_DISK_CACHE", "0", 1);
    // …and no D-Bus autolaunch (SDL would spawn dbus-launch without a session bus).
    const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    if (!bus || !*bus) ::setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);

    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "madoguchi-floor-window: cannot start SDL video: %s\n", SDL_GetError());
        return 3;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_RESIZABLE;  // the kiosk's --window flags
    SDL_Window* window = SDL_CreateWindow("madoguchi-floor-window", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!window) {
        std::fprintf(stderr, "madoguchi-floor-window: cannot open a window: %s\n", SDL_GetError());
        return 3;
    }
    SDL_GLContext gl = SDL_GL_CreateContext(window);
    if (!gl) {
        std::fprintf(stderr, "madoguchi-floor-window: cannot create an OpenGL 3 context: %s\n", SDL_GetError());
        return 3;
    }
    SDL_GL_MakeCurrent(window, gl);
    SDL_GL_SetSwapInterval(1);

    // The kiosk's background (kiosk/ui theme: rgb(247, 244, 238)), redrawn only
    // when the window system asks, as the kiosk's loop does.
    auto draw = [&] {
        int dw = 0, dh = 0;
        SDL_GL_GetDrawableSize(window, &dw, &dh);
        glViewport(0, 0, dw, dh);
        glClearColor(247 / 255.f, 244 / 255.f, 238 / 255.f, 1.f);
        glClear(GL_COLOR_BUFFER_BIT);
        SDL_GL_SwapWindow(window);
    };
    draw();
    SDL_Event e;
    bool running = true;
    while (running && SDL_WaitEvent(&e) == 1) {
        bool dirty = false;
        do {
            if (e.type == SDL_QUIT) running = false;
            if (e.type == SDL_WINDOWEVENT && (e.window.event == SDL_WINDOWEVENT_EXPOSED || e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED))
                dirty = true;
        } while (SDL_PollEvent(&e) == 1);
        if (running && dirty) draw();
    }
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}
