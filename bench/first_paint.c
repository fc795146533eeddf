// SPDX-License-Identifier: Apache-2.0
/* bench/first_paint.c — madoguchi-first-paint: how long a program takes from
 * its start to its first pixels on the X screen (issue 9, bench/process_bench.sh).
 *
 * The same outside method for every program measured (the floor window, the
 * kiosk, Chromium), so that their ratios are fair: sample the X root window
 * before the start, start the command (fork/exec, in its own process group),
 * then every ~2 ms read the same samples again (XGetImage of a few full-width
 * rows and full-height columns of the root window) and compare.
 *
 *   first paint  the first poll whose samples differ from the screen before
 *                the start (for an SDL/GL window under Xvfb: its first frame,
 *                since the window has no background of its own to map)
 *   settled      (--settle MS) the time of the last change seen before the
 *                samples stayed unchanged for MS ms: the program has painted
 *                what it paints (Chromium paints a page in several steps)
 * Each poll is timed when its samples have come back (the change is on the
 * screen by then), not when it was sent: see the loop below for why.
 *
 * Prints one line on stdout:
 *   first_paint_ms=F settled_ms=S changes=N pid=P
 * (settled_ms=- without --settle); the program's own stdout goes to stderr.
 * Then it ends the program's process group (SIGTERM, SIGKILL after 3 s)
 * unless --keep is given: the program stays and the caller ends it
 * (kill -TERM -P). Exit 1 if the screen did not change
 * before --timeout or the program exited first.
 *
 * The second use counts what is drawn while nobody touches the screen:
 *   madoguchi-first-paint --count-damage SECONDS
 * asks the X server (DAMAGE extension, raw rectangles) for every drawing
 * into any window for SECONDS and prints
 *   damage_events=N damage_bursts=B windows_made=W
 * where a burst is a run of events less than 4 ms apart (one presented
 * frame of a GL program under Xvfb is one PutImage, often a burst of a few
 * events). Nothing in the measured program is changed or logged.
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms) {
    if (ms <= 0) return;
    struct timespec ts = {(time_t)(ms / 1000), (long)((ms - (time_t)(ms / 1000) * 1000) * 1e6)};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

static void usage(void) {
    fputs("usage: madoguchi-first-paint [--settle MS] [--timeout MS] [--interval MS] [--rows N] [--cols N]\n"
          "                             [--keep] [--verbose] -- COMMAND [ARG...]\n"
          "       madoguchi-first-paint --count-damage SECONDS\n",
          stderr);
}

/* The samples: ROWS full-width rows and COLS full-height columns of the root
 * window, evenly spaced, kept as raw bytes. */
struct samples {
    int n;
    int *x, *y, *w, *h;
    char **data;
    size_t *size;
};

static int grab(Display* dpy, Window root, struct samples* s, int index, char* into, size_t* size) {
    XImage* img = XGetImage(dpy, root, s->x[index], s->y[index], (unsigned)s->w[index], (unsigned)s->h[index], AllPlanes, ZPixmap);
    if (!img) return 0;
    size_t bytes = (size_t)img->bytes_per_line * (size_t)img->height;
    if (into) {
        if (bytes > *size) bytes = *size;
        memcpy(into, img->data, bytes);
    }
    *size = bytes;
    XDestroyImage(img);
    return 1;
}

/* 1 if any sample differs from `base` (and updates `base` to what is there). */
static int changed(Display* dpy, Window root, struct samples* s, char* scratch, int* how_many) {
    int any = 0;
    *how_many = 0;
    for (int i = 0; i < s->n; ++i) {
        size_t size = s->size[i];
        if (!grab(dpy, root, s, i, scratch, &size)) continue;
        if (memcmp(scratch, s->data[i], size) != 0) {
            memcpy(s->data[i], scratch, size);
            any = 1;
            ++*how_many;
        }
    }
    return any;
}

static pid_t child = -1;

static void end_group(pid_t pgid) {
    if (pgid <= 0) return;
    kill(-pgid, SIGTERM);
    for (int i = 0; i < 300; ++i) {
        if (waitpid(pgid, NULL, WNOHANG) == pgid) break;
        if (kill(-pgid, 0) != 0) break;
        sleep_ms(10);
    }
    if (kill(-pgid, 0) == 0) kill(-pgid, SIGKILL);
    waitpid(pgid, NULL, 0);
}

static int count_damage(double seconds) {
    Display* dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fputs("madoguchi-first-paint: cannot open the X display\n", stderr);
        return 2;
    }
    int ev_base = 0, err_base = 0;
    if (!XDamageQueryExtension(dpy, &ev_base, &err_base)) {
        fputs("madoguchi-first-paint: the X server has no DAMAGE extension\n", stderr);
        return 2;
    }
    Window root = DefaultRootWindow(dpy);
    /* The root window's damage covers drawing into every window on it (the
     * server reports drawing into a child on the root too). Windows made
     * meanwhile are counted as well. */
    XSelectInput(dpy, root, SubstructureNotifyMask);
    XDamageCreate(dpy, root, XDamageReportRawRectangles);
    /* A damage object made with raw rectangles first reports its whole window
     * once: that report is not drawing, drop it. */
    XSync(dpy, False);
    while (XPending(dpy)) {
        XEvent e;
        XNextEvent(dpy, &e);
    }
    long events = 0, bursts = 0, windows_made = 0;
    double last = -1e9;
    const double end = now_ms() + seconds * 1000.0;
    const int fd = ConnectionNumber(dpy);
    for (;;) {
        while (XPending(dpy)) {
            XEvent e;
            XNextEvent(dpy, &e);
            if (e.type == ev_base + XDamageNotify) {
                const double t = now_ms();
                if (t > end) break;
                ++events;
                if (t - last >= 4.0) ++bursts;
                if (getenv("FIRST_PAINT_DEBUG")) {
                    const XDamageNotifyEvent* d = (const XDamageNotifyEvent*)&e;
                    fprintf(stderr, "  damage %.1f ms before the end: window 0x%lx area %dx%d+%d+%d\n", end - t,
                            (unsigned long)d->drawable, d->area.width, d->area.height, d->area.x, d->area.y);
                }
                last = t;
            } else if (e.type == CreateNotify) {
                ++windows_made;
            }
        }
        const double left = end - now_ms();
        if (left <= 0) break;
        struct pollfd pfd = {fd, POLLIN, 0};
        poll(&pfd, 1, (int)(left + 1));
    }
    printf("damage_events=%ld damage_bursts=%ld windows_made=%ld\n", events, bursts, windows_made);
    XCloseDisplay(dpy);
    return 0;
}

int main(int argc, char** argv) {
    double settle = 0, timeout = 60000, interval = 2;
    int rows = 8, cols = 6, keep = 0, verbose = 0, cmd = -1;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (strcmp(a, "--") == 0) {
            cmd = i + 1;
            break;
        }
        if (i + 1 >= argc && strcmp(a, "--keep") != 0 && strcmp(a, "--verbose") != 0) {
            usage();
            return 2;
        }
        if (strcmp(a, "--count-damage") == 0) return count_damage(atof(argv[i + 1]));
        else if (strcmp(a, "--settle") == 0) settle = atof(argv[++i]);
        else if (strcmp(a, "--timeout") == 0) timeout = atof(argv[++i]);
        else if (strcmp(a, "--interval") == 0) interval = atof(argv[++i]);
        else if (strcmp(a, "--rows") == 0) rows = atoi(argv[++i]);
        else if (strcmp(a, "--cols") == 0) cols = atoi(argv[++i]);
        else if (strcmp(a, "--keep") == 0) keep = 1;
        else if (strcmp(a, "--verbose") == 0) verbose = 1;
        else {
            usage();
            return 2;
        }
    }
    if (cmd < 0 || cmd >= argc || rows < 0 || cols < 0 || rows + cols == 0) {
        usage();
        return 2;
    }

    Display* dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fputs("madoguchi-first-paint: cannot open the X display (DISPLAY)\n", stderr);
        return 2;
    }
    Window root = DefaultRootWindow(dpy);
    XWindowAttributes ra;
    XGetWindowAttributes(dpy, root, &ra);
    struct samples s;
    s.n = rows + cols;
    s.x = calloc((size_t)s.n, sizeof(int));
    s.y = calloc((size_t)s.n, sizeof(int));
    s.w = calloc((size_t)s.n, sizeof(int));
    s.h = calloc((size_t)s.n, sizeof(int));
    s.data = calloc((size_t)s.n, sizeof(char*));
    s.size = calloc((size_t)s.n, sizeof(size_t));
    size_t biggest = 0;
    for (int i = 0; i < s.n; ++i) {
        if (i < rows) {
            s.x[i] = 0, s.w[i] = ra.width, s.h[i] = 1;
            s.y[i] = (int)((i + 1) * (long)ra.height / (rows + 1));
        } else {
            const int k = i - rows;
            s.y[i] = 0, s.h[i] = ra.height, s.w[i] = 1;
            s.x[i] = (int)((k + 1) * (long)ra.width / (cols + 1));
        }
        size_t size = 0;
        if (!grab(dpy, root, &s, i, NULL, &size)) {
            fputs("madoguchi-first-paint: cannot read the root window\n", stderr);
            return 2;
        }
        s.size[i] = size;
        s.data[i] = malloc(size);
        grab(dpy, root, &s, i, s.data[i], &s.size[i]);
        if (size > biggest) biggest = size;
    }
    char* scratch = malloc(biggest);

    const double t0 = now_ms();
    child = fork();
    if (child < 0) {
        perror("madoguchi-first-paint: fork");
        return 2;
    }
    if (child == 0) {
        setpgid(0, 0);
        close(ConnectionNumber(dpy));
        /* Our stdout carries the one result line; a program kept running must
         * not hold it open (a caller reading it to the end would wait). */
        dup2(STDERR_FILENO, STDOUT_FILENO);
        execvp(argv[cmd], &argv[cmd]);
        fprintf(stderr, "madoguchi-first-paint: cannot start %s: %s\n", argv[cmd], strerror(errno));
        _exit(127);
    }
    setpgid(child, child);  /* also here: no race with the first kill */

    double first = -1, last_change = -1;
    int n_changes = 0, rc = 0;
    for (;;) {
        const double t = now_ms() - t0;
        int how_many = 0;
        if (changed(dpy, root, &s, scratch, &how_many)) {
            /* Stamped when the samples are in, not when the poll began: the
             * X server answers them only after the requests queued before
             * them, and a whole 1920x1080 frame (one ShmPutImage) takes Xvfb
             * about 55 ms here. Stamped at the start, a poll that waited
             * behind that frame dated it to before the frame was shown, and
             * a poll whose samples straddled it saw half a change, then the
             * rest one poll later: "settled" jumped by the frame's 55 ms from
             * one start to the next (docs/performance.md, "Start"). */
            const double seen = now_ms() - t0;
            if (first < 0) first = seen;
            last_change = seen;
            ++n_changes;
            if (verbose) fprintf(stderr, "  %.1f ms: %d of %d samples changed\n", seen, how_many, s.n);
        }
        if (first >= 0 && (settle <= 0 || t - last_change >= settle)) break;
        if (t > timeout) {
            fprintf(stderr, "madoguchi-first-paint: %s after %.0f ms\n",
                    first < 0 ? "the screen did not change" : "the screen did not settle", timeout);
            rc = 1;
            break;
        }
        int status;
        if (waitpid(child, &status, WNOHANG) == child) {
            fprintf(stderr, "madoguchi-first-paint: %s exited (status %d) before %s\n", argv[cmd], status,
                    first < 0 ? "painting" : "settling");
            child = -1;
            rc = 1;
            break;
        }
        const double next = t0 + t + interval;
        sleep_ms(next - now_ms());
    }
    if (rc == 0) {
        if (settle > 0) printf("first_paint_ms=%.1f settled_ms=%.1f changes=%d pid=%d\n", first, last_change, n_changes, (int)child);
        else printf("first_paint_ms=%.1f settled_ms=- changes=%d pid=%d\n", first, n_changes, (int)child);
        fflush(stdout);
    }
    XCloseDisplay(dpy);
    if (child > 0 && (!keep || rc != 0)) end_group(child);
    return rc;
}
