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
// FreeType reads the outlines with pread() into its own small buffers (a
// stream per FreeType face, over `fd`), not through the mapping: a glyph's
// outline is a few hundred bytes somewhere in a 15 MB CFF table, and every
// first touch of the mapping made 64 KiB of it resident (the kernel maps the
// cached pages around a fault). The first screen's glyphs made 3.1 MiB of the
// CFF table resident that way; FreeType keeps about 1 MiB of its own when it
// reads (measured with /proc/PID/pagemap; docs/text.md, "Fonts").
struct MappedFile {
    std::string path;
    void* data = nullptr;
    size_t size = 0;
    int fd = -1;  // pread() only, so the faces' streams never share a file position
    std::string damage;  // check_table_directory's answer, once per file (three CJK faces share one)
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

// Every table of every face of the file lies inside the file. A file cut
// short (a copy that stopped, a damaged disk) is refused at load with its
// name, not found out glyph by glyph: HarfBuzz would see empty tables and
// FreeType short reads. Returns what is wrong, or an empty string.
std::string check_table_directory(const uint8_t* d, size_t size) {
    auto u32 = [&](size_t at) -> uint64_t {
        return at + 4 <= size ? (uint64_t{d[at]} << 24) | (uint64_t{d[at + 1]} << 16) | (uint64_t{d[at + 2]} << 8) | d[at + 3] : ~0ull;
    };
    auto u16 = [&](size_t at) -> uint64_t { return at + 2 <= size ? (uint64_t{d[at]} << 8) | d[at + 1] : ~0ull; };
    std::vector<uint64_t> faces;
    if (u32(0) == 0x74746366) {  // 'ttcf': a collection
        const uint64_t n = u32(8);
        if (n == ~0ull || n > 4096) return "its collection header is cut short";
        for (uint64_t k = 0; k < n; ++k) faces.push_back(u32(12 + 4 * k));
    } else {
        faces.push_back(0);
    }
    for (size_t k = 0; k < faces.size(); ++k) {
        const uint64_t at = faces[k];
        const uint64_t tables = at == ~0ull ? ~0ull : u16(at + 4);
        if (tables == ~0ull) return "the table directory of face " + std::to_string(k) + " is cut short";
        for (uint64_t t = 0; t < tables; ++t) {
            const uint64_t rec = at + 12 + 16 * t, offset = u32(rec + 8), length = u32(rec + 12);
            if (length == ~0ull) return "the table directory of face " + std::to_string(k) + " is cut short";
            if (offset + length > size) {
                const char tag[5] = {static_cast<char>(d[rec]), static_cast<char>(d[rec + 1]), static_cast<char>(d[rec + 2]),
                                     static_cast<char>(d[rec + 3]), 0};
                return std::string("table '") + tag + "' of face " + std::to_string(k) + " ends at byte " + std::to_string(offset + length) +
                       ", past the end of the file (" + std::to_string(size) + " bytes)";
            }
        }
    }
    return {};
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
    m->damage = check_table_directory(static_cast<const uint8_t*>(p), m->size);
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

// Whether the face's family, in English, is `family`: name ID 1 (the family
// as older software groups it) or ID 16 (the typographic family, which
// FreeType prefers). A Medium-weight file says "Noto Sans CJK JP Medium" in
// ID 1 and "Noto Sans CJK JP" in ID 16, so either may be the one that matches.
bool family_is(hb_face_t* face, std::string_view family) {
    for (hb_ot_name_id_t id : {HB_OT_NAME_ID_FONT_FAMILY, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY}) {
        char buf[128];
        unsigned len = sizeof buf;
        if (hb_ot_name_get_utf8(face, id, hb_language_from_string("en", -1), &len, buf) > 0 && std::string_view(buf, len) == family)
            return true;
    }
    return false;
}

// Two faces of one mapped file whose outlines are the same bytes: the same
// 'CFF ' or 'CFF2' table at the same place, and the same units per em. Then a
// glyph id draws the same in both: CFF hinting lives inside the CFF table.
// TrueType outlines ('glyf') are never shared: their hinting also reads
// fpgm, prep, cvt and maxp, which this does not compare.
bool same_outlines(hb_face_t* a, hb_face_t* b) {
    if (hb_face_get_upem(a) != hb_face_get_upem(b)) return false;
    bool any = false;
    for (hb_tag_t tag : {HB_TAG('C', 'F', 'F', ' '), HB_TAG('C', 'F', 'F', '2'), HB_TAG('g', 'l', 'y', 'f')}) {
        hb_blob_t* ta = hb_face_reference_table(a, tag);
        hb_blob_t* tb = hb_face_reference_table(b, tag);
        unsigned la = 0, lb = 0;
        const char* da = hb_blob_get_data(ta, &la);
        const char* db = hb_blob_get_data(tb, &lb);
        const bool glyf = tag == HB_TAG('g', 'l', 'y', 'f');
        const bool same = glyf ? la == 0 && lb == 0 : la == lb && da == db;
        any = any || (!glyf && la > 0);
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
    std::vector<std::unique_ptr<FT_StreamRec>> streams;  // one per FreeType face; outlive them (~Impl)
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
        // each face with FreeType instead read the CFF table's indexes and
        // dictionaries, six times for the three CJK faces (fonts loaded in
        // 20 ms; now 13, with FreeType's reads below: docs/text.md).
        hb_blob_t* blob = hb_blob_create(static_cast<const char*>(file->data), static_cast<unsigned>(file->size),
                                         HB_MEMORY_MODE_READONLY, nullptr, nullptr);
        const unsigned count = hb_face_count(blob);
        if (count == 0) {
            hb_blob_destroy(blob);
            // A font's own first four bytes, with too little after them.
            const auto* b = static_cast<const uint8_t*>(file->data);
            const uint32_t magic = file->size >= 4 ? (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3] : 0;
            if (magic == 0x74746366 || magic == 0x00010000 || magic == 0x4F54544F || magic == 0x74727565)  // ttcf, 1.0, OTTO, true
                return fail("font file is damaged or cut short: " + path + " (its headers end early)");
            return fail("not a font file: " + path);
        }
        if (!file->damage.empty()) {
            hb_blob_destroy(blob);
            return fail("font file is damaged or cut short: " + path + " (" + file->damage + ")");
        }
        hb_face_t* hbface = nullptr;
        int index = -1;
        for (unsigned k = 0; k < count && index < 0; ++k) {
            hb_face_t* f = hb_face_create(blob, k);
            if (family_is(f, spec.family)) {
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
        // each FT_Face of this collection kept about 1 MiB of parsed CFF on
        // the heap (two fewer: peak memory at start 2.0 MiB lower; docs/text.md).
        FT_Face ftface = nullptr;
        for (size_t e = 0; e < i && !ftface; ++e)
            if (im.faces[e].file == file && same_outlines(im.faces[e].hb_face, hbface)) {
                ftface = im.faces[e].ft;
                FT_Reference_Face(ftface);  // each Face says FT_Done_Face once
            }
        if (!ftface) {
            // Its own stream: FreeType keeps a read position in it.
            auto stream = std::make_unique<FT_StreamRec>();
            stream->size = static_cast<unsigned long>(file->size);
            stream->descriptor.pointer = file.get();
            stream->read = read_font_bytes;
            FT_Open_Args args{};
            args.flags = FT_OPEN_STREAM;
            args.stream = stream.get();
            im.streams.push_back(std::move(stream));
            if (FT_Open_Face(im.ft, &args, index, &ftface) != 0) {
                hb_face_destroy(hbface);
                return fail("FreeType cannot read face " + std::to_string(index) + " of " + path);
            }
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
