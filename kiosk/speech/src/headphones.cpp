// SPDX-License-Identifier: Apache-2.0
// headphones.cpp — headphone jack detection through ALSA control elements
// (see headphones.hpp; admins: docs/accessibility.md, "Headphones").
//
// Index
//   - names            which control elements are headphone jacks
//   - reading          every card's jack controls, now
//   - HeadphoneWatch   control events per card, inotify on /dev/snd for new cards
//   - HeadphoneMonitor the watch on its own thread, for an SDL loop
#include "madoguchi/speech/headphones.hpp"

#include <alsa/asoundlib.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <thread>

#include "madoguchi/base/quiet_thread.hpp"

namespace madoguchi::speech {

std::string_view to_string(JackState s) {
    switch (s) {
    case JackState::plugged: return "plugged";
    case JackState::unplugged: return "unplugged";
    default: return "unknown";
    }
}

bool is_headphone_jack_name(std::string_view n) {
    if (!n.ends_with(" Jack")) return false;
    if (n.find("Headphone") != std::string_view::npos) return true;
    return n.find("Headset") != std::string_view::npos && n.find("Mic") == std::string_view::npos;
}

JackState combine(const std::vector<JackControl>& jacks) {
    if (jacks.empty()) return JackState::unknown;
    for (const auto& j : jacks)
        if (j.plugged) return JackState::plugged;
    return JackState::unplugged;
}

namespace {

// The headphone jacks of one open card.
void read_card(snd_ctl_t* ctl, int card, std::vector<JackControl>& out) {
    snd_ctl_card_info_t* info;
    snd_ctl_card_info_alloca(&info);
    std::string card_name;
    if (snd_ctl_card_info(ctl, info) == 0) card_name = snd_ctl_card_info_get_name(info);
    snd_ctl_elem_list_t* list;
    snd_ctl_elem_list_alloca(&list);
    if (snd_ctl_elem_list(ctl, list) < 0) return;
    const unsigned count = snd_ctl_elem_list_get_count(list);
    if (count == 0 || snd_ctl_elem_list_alloc_space(list, count) < 0) return;
    if (snd_ctl_elem_list(ctl, list) == 0) {
        for (unsigned i = 0; i < snd_ctl_elem_list_get_used(list); ++i) {
            if (snd_ctl_elem_list_get_interface(list, i) != SND_CTL_ELEM_IFACE_CARD) continue;
            const char* name = snd_ctl_elem_list_get_name(list, i);
            if (!name || !is_headphone_jack_name(name)) continue;
            snd_ctl_elem_value_t* value;
            snd_ctl_elem_value_alloca(&value);
            snd_ctl_elem_id_t* id;
            snd_ctl_elem_id_alloca(&id);
            snd_ctl_elem_list_get_id(list, i, id);
            snd_ctl_elem_value_set_id(value, id);
            if (snd_ctl_elem_read(ctl, value) < 0) continue;
            out.push_back({card, card_name, name, snd_ctl_elem_value_get_boolean(value, 0) != 0});
        }
    }
    snd_ctl_elem_list_free_space(list);
}

std::string hw_name(int card) { return "hw:" + std::to_string(card); }

}  // namespace

std::vector<JackControl> headphone_jacks() {
    std::vector<JackControl> out;
    int card = -1;
    while (snd_card_next(&card) == 0 && card >= 0) {
        snd_ctl_t* ctl = nullptr;
        if (snd_ctl_open(&ctl, hw_name(card).c_str(), SND_CTL_NONBLOCK) < 0) continue;
        read_card(ctl, card, out);
        snd_ctl_close(ctl);
    }
    return out;
}

JackState headphone_state() { return combine(headphone_jacks()); }

// ---------------------------------------------------------------------------
// HeadphoneWatch
// ---------------------------------------------------------------------------

struct HeadphoneWatch::Impl {
    struct Card {
        int number;
        snd_ctl_t* ctl;
    };
    std::vector<Card> cards;
    int inotify = -1;

    void close_cards() {
        for (auto& c : cards) snd_ctl_close(c.ctl);
        cards.clear();
    }
    JackState open_cards() {
        close_cards();
        std::vector<JackControl> jacks;
        int card = -1;
        while (snd_card_next(&card) == 0 && card >= 0) {
            snd_ctl_t* ctl = nullptr;
            if (snd_ctl_open(&ctl, hw_name(card).c_str(), SND_CTL_NONBLOCK) < 0) continue;
            snd_ctl_subscribe_events(ctl, 1);
            read_card(ctl, card, jacks);
            cards.push_back({card, ctl});
        }
        return combine(jacks);
    }
    ~Impl() {
        close_cards();
        if (inotify >= 0) ::close(inotify);
    }
};

HeadphoneWatch::HeadphoneWatch() : impl_(new Impl) {}
HeadphoneWatch::~HeadphoneWatch() = default;

JackState HeadphoneWatch::open() {
    if (impl_->inotify < 0) {
        impl_->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (impl_->inotify >= 0) inotify_add_watch(impl_->inotify, "/dev/snd", IN_CREATE | IN_DELETE);
    }
    state_ = impl_->open_cards();
    return state_;
}

std::vector<int> HeadphoneWatch::fds() const {
    std::vector<int> out;
    for (auto& c : impl_->cards) {
        pollfd p[4];
        const int n = snd_ctl_poll_descriptors(c.ctl, p, 4);
        for (int i = 0; i < n; ++i) out.push_back(p[i].fd);
    }
    if (impl_->inotify >= 0) out.push_back(impl_->inotify);
    return out;
}

JackState HeadphoneWatch::pump() {
    bool reread = false, reopen = false;
    if (impl_->inotify >= 0) {
        alignas(inotify_event) char buf[4096];
        while (true) {
            const ssize_t n = ::read(impl_->inotify, buf, sizeof buf);
            if (n <= 0) break;
            for (ssize_t off = 0; off < n;) {
                auto* ev = reinterpret_cast<inotify_event*>(buf + off);
                if (ev->len > 0 && std::string_view(ev->name).starts_with("controlC")) reopen = true;
                off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            }
        }
    }
    for (auto& c : impl_->cards) {
        snd_ctl_event_t* ev;
        snd_ctl_event_alloca(&ev);
        int rc;
        while ((rc = snd_ctl_read(c.ctl, ev)) > 0) {
            if (snd_ctl_event_get_type(ev) != SND_CTL_EVENT_ELEM) continue;
            if (snd_ctl_event_elem_get_interface(ev) == SND_CTL_ELEM_IFACE_CARD &&
                is_headphone_jack_name(snd_ctl_event_elem_get_name(ev)))
                reread = true;
        }
        if (rc < 0 && rc != -EAGAIN) reopen = true;  // the card went away (-ENODEV)
    }
    if (reopen) {
        state_ = impl_->open_cards();
    } else if (reread) {
        std::vector<JackControl> jacks;
        for (auto& c : impl_->cards) read_card(c.ctl, c.number, jacks);
        state_ = combine(jacks);
    }
    return state_;
}

// ---------------------------------------------------------------------------
// HeadphoneMonitor
// ---------------------------------------------------------------------------

struct HeadphoneMonitor::Impl {
    std::function<void(JackState)> on_change;
    int stop_fd = -1;  // eventfd: written by the destructor
    std::thread thread;

    void run() {
        HeadphoneWatch watch;
        JackState last = watch.open();
        on_change(last);
        while (true) {
            std::vector<pollfd> fds;
            fds.push_back({stop_fd, POLLIN, 0});
            for (int fd : watch.fds()) fds.push_back({fd, POLLIN, 0});
            if (::poll(fds.data(), fds.size(), -1) < 0) {
                if (errno == EINTR) continue;
                return;
            }
            if (fds[0].revents) return;
            const JackState now = watch.pump();
            if (now != last) {
                last = now;
                on_change(now);
            }
        }
    }
};

HeadphoneMonitor::HeadphoneMonitor(std::function<void(JackState)> on_change) : impl_(new Impl) {
    impl_->on_change = std::move(on_change);
    impl_->stop_fd = ::eventfd(0, EFD_CLOEXEC);
    impl_->thread = base::start_quiet_thread([this] { impl_->run(); });
}

HeadphoneMonitor::~HeadphoneMonitor() {
    const uint64_t one = 1;
    if (::write(impl_->stop_fd, &one, sizeof one) != sizeof one) {
        // cannot happen for an eventfd below its maximum; the join below would then wait
    }
    impl_->thread.join();
    ::close(impl_->stop_fd);
}

}  // namespace madoguchi::speech
