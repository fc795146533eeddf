// SPDX-License-Identifier: Apache-2.0
// font_set.cpp — memory-mapped font files shared by HarfBuzz and FreeType.
#include "madoguchi/text/font_set.hpp"

#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <map>
#include <vector>

namespace madoguchi::text {
namespace {

// A font file, mapped for HarfBuzz and open for FreeType.
//
// HarfBuzz reads its tables (cmap, GSUB, GPOS, hmtx) through the mapping.
// FreeType reads the outlines with pread() into its own small buffers
// (`stream`), not through the mapping: a glyph's outline is a few hundred
// bytes somewhere in a 15 MB CFF table, and every first touch of the mapping
// made 64 KiB of it resident (the kernel maps the cached pages around a
// fault). The first screen's glyphs made 3.1 MiB of the CFF table resident
// that way; FreeType keeps about 1 MiB of its own when it reads (measured with
// /proc/PID/pagemap; docs/performance.md, "Start").
struct MappedFile {
    std::string path;
    void* data = nullptr;
    size_t size = 0;
    int fd = -1;
    FT_StreamRec stream{};  // FreeType's view of `fd`; lives as long as the faces that use it
    ~MappedFile() {
        if (data) munmap(data, size);
        if (fd >= 0) ::close(fd);
    }
};

// FreeType's stream callback: a read of `count` bytes at `offset`, or with
// count 0 a seek, which must answer 0 when the offset is inside the file.
unsigned long read_font_bytes(FT_Stream stream, unsigned long offset, unsigned char* buffer, unsigned long count) {
    const auto* file = static_cast<const MappedFile*>(stream->descriptor.pointer);
    if (count == 0) return offset <= file->size ? 0 : 1;
    unsigned long done = 0;
    while (done < count) {
        const ssize_t n = ::pread(file->fd, buffer + done, count - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<unsigned long>(n);
    }
    return done;
}

std::shared_ptr<MappedFile> map_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st{};
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        return nullptr;
    }
    void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        ::close(fd);
        return nullptr;
    }
    auto m = std::make_shared<MappedFile>();
    m->path = path;
    m->data = p;
    m->size = static_cast<size_t>(st.st_size);
    m->fd = fd;
    m->stream.size = static_cast<unsigned long>(m->size);
    m->stream.descriptor.pointer = m.get();
    m->stream.read = read_font_bytes;
    return m;
}

struct FaceSpec {
    const char* family;       // as FreeType / fontconfig name it
    const char* default_path;
    const char* package;
};

constexpr std::array<FaceSpec, static_cast<size_t>(FontFace::count)> kFaces = {{
    {"Noto Sans CJK JP", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk"},
    {"Noto Sans CJK SC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk"},
    {"Noto Sans CJK KR", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk"},
    {"Noto Sans", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "fonts-noto-core"},
    {"Noto Sans Devanagari", "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf", "fonts-noto-core"},
}};

// Fontconfig is only asked when a font is not at its Debian path.
std::string fontconfig_lookup(const char* family) {
    if (!FcInit()) return {};
    std::string result;
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(family));
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern* match = FcFontMatch(nullptr, pat, &res);
    if (match) {
        FcChar8* file = nullptr;
        FcChar8* fam = nullptr;
        // fontconfig always answers with *something*; only take an exact family.
        if (FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch && fam &&
            std::string(reinterpret_cast<char*>(fam)) == family && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
            result = reinterpret_cast<char*>(file);
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pat);
    return result;
}

// The family name (name ID 1, else the typographic family, ID 16) in English.
std::string family_name_of(hb_face_t* face) {
    for (hb_ot_name_id_t id : {HB_OT_NAME_ID_FONT_FAMILY, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY}) {
        char buf[128];
        unsigned len = sizeof buf;
        if (hb_ot_name_get_utf8(face, id, hb_language_from_string("en", -1), &len, buf) > 0) return std::string(buf, len);
    }
    return {};
}

// Two faces of one mapped file whose outlines are the same bytes: the same
// 'CFF ' (or 'glyf' + 'loca') table at the same place, and the same units per
// em. Then a glyph id draws the same in both.
bool same_outlines(hb_face_t* a, hb_face_t* b) {
    if (hb_face_get_upem(a) != hb_face_get_upem(b)) return false;
    bool any = false;
    for (hb_tag_t tag : {HB_TAG('C', 'F', 'F', ' '), HB_TAG('C', 'F', 'F', '2'), HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a')}) {
        hb_blob_t* ta = hb_face_reference_table(a, tag);
        hb_blob_t* tb = hb_face_reference_table(b, tag);
        unsigned la = 0, lb = 0;
        const char* da = hb_blob_get_data(ta, &la);
        const char* db = hb_blob_get_data(tb, &lb);
        const bool same = la == lb && da == db;
        any = any || la > 0;
        hb_blob_destroy(ta);
        hb_blob_destroy(tb);
        if (!same) return false;
    }
    return any;
}

constexpr FontId F(FontFace f) { return FontId{static_cast<uint16_t>(f)}; }
constexpr FontId kChainJa[] = {F(FontFace::cjk_jp), F(FontFace::latin), F(FontFace::devanagari)};
constexpr FontId kChainZh[] = {F(FontFace::cjk_sc), F(FontFace::latin), F(FontFace::devanagari), F(FontFace::cjk_jp)};
constexpr FontId kChainKo[] = {F(FontFace::cjk_kr), F(FontFace::latin), F(FontFace::devanagari), F(FontFace::cjk_jp)};
constexpr FontId kChainNe[] = {F(FontFace::devanagari), F(FontFace::latin), F(FontFace::cjk_jp)};
constexpr FontId kChainLatin[] = {F(FontFace::latin), F(FontFace::cjk_jp), F(FontFace::devanagari)};

}  // namespace

struct FontSet::Impl {
    FT_Library ft = nullptr;
    std::vector<std::shared_ptr<MappedFile>> files;
    struct Face {
        std::shared_ptr<MappedFile> file;
        int index = 0;
        hb_face_t* hb_face = nullptr;
        hb_font_t* hb_font = nullptr;
        FT_Face ft = nullptr;
        int upem = 1000;
        FontMetrics metrics;
        std::string name;
    };
    std::array<Face, static_cast<size_t>(FontFace::count)> faces;

    ~Impl() {
        for (auto& f : faces) {
            if (f.hb_font) hb_font_destroy(f.hb_font);
            if (f.hb_face) hb_face_destroy(f.hb_face);
            if (f.ft) FT_Done_Face(f.ft);
        }
        if (ft) FT_Done_FreeType(ft);
    }

    std::shared_ptr<MappedFile> file_for(const std::string& path) {
        for (auto& f : files)
            if (f->path == path) return f;
        auto m = map_file(path);
        if (m) files.push_back(m);
        return m;
    }
};

FontSet::FontSet() : impl_(std::make_unique<Impl>()) {}
FontSet::~FontSet() = default;

std::unique_ptr<FontSet> FontSet::load(const FontSetOptions& options, std::string* error) {
    std::unique_ptr<FontSet> set(new FontSet());
    Impl& im = *set->impl_;
    auto fail = [&](const std::string& why) -> std::unique_ptr<FontSet> {
        if (error) *error = why;
        return nullptr;
    };
    if (FT_Init_FreeType(&im.ft) != 0) return fail("FreeType could not start");

    for (size_t i = 0; i < kFaces.size(); ++i) {
        const FaceSpec& spec = kFaces[i];
        const FontFace which = static_cast<FontFace>(i);
        std::string path = which == FontFace::latin        ? options.latin_path
                           : which == FontFace::devanagari ? options.devanagari_path
                                                           : options.cjk_path;
        if (path.empty()) path = access(spec.default_path, R_OK) == 0 ? spec.default_path : fontconfig_lookup(spec.family);
        if (path.empty())
            return fail(std::string("font \"") + spec.family + "\" not found (install the Debian package " + spec.package + ")");
        auto file = im.file_for(path);
        if (!file) return fail("cannot read font file " + path);

        // Find the face of the collection by family name (TTC order is not a
        // promise). HarfBuzz reads only the name table of each face; opening
        // each face with FreeType instead parsed its whole CFF table (six
        // opens of a 15 MB table for the three CJK faces, measured in the
        // start trace).
        hb_blob_t* blob = hb_blob_create(static_cast<const char*>(file->data), static_cast<unsigned>(file->size),
                                         HB_MEMORY_MODE_READONLY, nullptr, nullptr);
        const unsigned count = hb_face_count(blob);
        if (count == 0) {
            hb_blob_destroy(blob);
            return fail("not a font file: " + path);
        }
        hb_face_t* hbface = nullptr;
        int index = -1;
        for (unsigned k = 0; k < count && index < 0; ++k) {
            hb_face_t* f = hb_face_create(blob, k);
            if (family_name_of(f) == spec.family) {
                index = static_cast<int>(k);
                hbface = f;
            } else {
                hb_face_destroy(f);
            }
        }
        hb_blob_destroy(blob);  // a face holds its own reference
        if (index < 0) return fail(std::string("font \"") + spec.family + "\" is not in " + path);

        // The faces of the CJK collection share one CFF table (the glyph
        // outlines, one glyph id space) and differ in cmap and GSUB, which
        // HarfBuzz reads per face. FreeType only rasterizes glyph ids, so one
        // FreeType face serves every face with the very same outline bytes:
        // each FT_Face of this collection kept ~0.9 MiB of parsed CFF on the
        // heap (docs/performance.md, "Start").
        FT_Face ftface = nullptr;
        for (size_t e = 0; e < i && !ftface; ++e)
            if (im.faces[e].file == file && same_outlines(im.faces[e].hb_face, hbface)) {
                ftface = im.faces[e].ft;
                FT_Reference_Face(ftface);  // each Face says FT_Done_Face once
            }
        FT_Open_Args args{};
        args.flags = FT_OPEN_STREAM;
        args.stream = &file->stream;
        if (!ftface && FT_Open_Face(im.ft, &args, index, &ftface) != 0) {
            hb_face_destroy(hbface);
            return fail("FreeType cannot read face " + std::to_string(index) + " of " + path);
        }

        Impl::Face& face = im.faces[i];
        face.file = file;
        face.index = index;
        face.ft = ftface;
        face.name = spec.family;
        face.hb_face = hbface;
        face.upem = static_cast<int>(hb_face_get_upem(face.hb_face));
        face.hb_font = hb_font_create(face.hb_face);
        hb_font_set_scale(face.hb_font, face.upem, face.upem);
        hb_font_extents_t ext{};
        hb_font_get_h_extents(face.hb_font, &ext);
        face.metrics.ascender = static_cast<float>(ext.ascender) / static_cast<float>(face.upem);
        face.metrics.descender = static_cast<float>(-ext.descender) / static_cast<float>(face.upem);
    }
    return set;
}

std::span<const FontId> FontSet::chain(std::string_view lang) const {
    auto starts = [&](std::string_view p) { return lang.substr(0, p.size()) == p && (lang.size() == p.size() || lang[p.size()] == '-'); };
    if (starts("ja") || lang.empty()) return kChainJa;
    if (starts("zh")) return kChainZh;
    if (starts("ko")) return kChainKo;
    if (starts("ne") || starts("hi") || starts("mr")) return kChainNe;
    return kChainLatin;
}

bool FontSet::has_glyph(FontId font, char32_t cp) const {
    if (!font.valid() || font.index >= impl_->faces.size()) return false;
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(impl_->faces[font.index].hb_font, cp, &g) && g != 0;
}

FontId FontSet::font_for(char32_t cp, std::span<const FontId> chain) const {
    for (FontId f : chain)
        if (has_glyph(f, cp)) return f;
    return FontId{};
}

hb_font_t* FontSet::hb_font(FontId font) const { return impl_->faces.at(font.index).hb_font; }
FT_Face FontSet::ft_face(FontId font) const { return impl_->faces.at(font.index).ft; }
int FontSet::units_per_em(FontId font) const { return impl_->faces.at(font.index).upem; }
FontMetrics FontSet::metrics(FontId font) const { return impl_->faces.at(font.index).metrics; }
std::string FontSet::name(FontId font) const { return impl_->faces.at(font.index).name; }
std::string FontSet::path(FontId font) const { return impl_->faces.at(font.index).file->path; }

size_t FontSet::mapped_bytes() const {
    size_t n = 0;
    for (const auto& f : impl_->files) n += f->size;
    return n;
}

}  // namespace madoguchi::text
