#include "model/io/npz_archive.h"

#include <zip.h>

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>

#include "model/io/message_text.h"
#include "model/io/npy_file.h"

namespace stylemix {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& message) {
    throw std::runtime_error(name + ": " + message);
}

struct ArchiveCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }   // never writes: the archive is read-only
};
struct MemberCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;
using MemberFile = std::unique_ptr<zip_file_t, MemberCloser>;

std::string errorText(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

// Opens `data` read-only; returns null and sets `code` when libzip refuses it.
Archive openArchive(const std::uint8_t* data, std::size_t size, int flags, int& code) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(data, size, 0, &error);
    zip_t* archive = source ? zip_open_from_source(source, flags | ZIP_RDONLY, &error) : nullptr;
    if (!archive) {
        code = zip_error_code_zip(&error);
        if (source) zip_source_free(source);
    }
    zip_error_fini(&error);
    return Archive(archive);
}

// Why a member name could escape a folder it were extracted to; "" when it could not.
std::string pathTrick(const std::string& file_name) {
    if (file_name.empty()) return "an empty name";
    if (file_name[0] == '/') return "an absolute path";
    if (file_name.find('\\') != std::string::npos) return "a backslash";
    if (file_name.size() >= 2 && file_name[1] == ':') return "a drive letter";
    std::size_t start = 0;
    while (start <= file_name.size()) {
        const std::size_t end = std::min(file_name.find('/', start), file_name.size());
        if (file_name.compare(start, end - start, "..") == 0) return "a '..' component";
        start = end + 1;
    }
    return "";
}

std::string nameList(const std::vector<std::string>& names) {
    constexpr std::size_t kShown = 8;
    std::string text;
    for (std::size_t i = 0; i < names.size() && i < kShown; ++i) text += (i ? ", " : "") + quoteText(names[i]);
    if (names.size() > kShown) text += ", ... (" + std::to_string(names.size()) + " in all)";
    return text;
}

// Every member's name, checked: no path tricks, no duplicates, not encrypted, stored or deflated.
std::vector<std::string> checkedMemberNames(zip_t* archive, const std::string& name) {
    const zip_int64_t count = zip_get_num_entries(archive, 0);
    if (count < 0 || static_cast<std::uint64_t>(count) > kMaxNpzMembers)
        fail(name, "this .npz lists " + std::to_string(count) + " members, more than the limit (" +
                       std::to_string(kMaxNpzMembers) + ")");
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t stat;
        const char* raw = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        if (!raw || zip_stat_index(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW, &stat) != 0)
            fail(name, "this .npz is damaged: member " + std::to_string(i) + " cannot be read (libzip: " +
                           zip_strerror(archive) + ")");
        const std::string member = raw;
        const std::string trick = pathTrick(member);
        if (!trick.empty())
            fail(name, "member " + quoteText(member) + " has " + trick +
                           " in its name; such archives are refused to be safe (numpy writes plain names such as 'w.npy')");
        if (!seen.insert(member).second)
            fail(name, "member " + quoteText(member) + " appears twice; which one is meant is unclear, so the archive is refused");
        if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE)
            fail(name, "member " + quoteText(member) + " is encrypted; expected plain members as numpy.savez writes");
        if ((stat.valid & ZIP_STAT_COMP_METHOD) && stat.comp_method != ZIP_CM_STORE && stat.comp_method != ZIP_CM_DEFLATE)
            fail(name, "member " + quoteText(member) + " uses zip compression method " + std::to_string(stat.comp_method) +
                           "; expected stored or deflated (numpy.savez or numpy.savez_compressed)");
        names.push_back(member);
    }
    return names;
}

// The index of the member to read, by the rules in the header.
std::size_t chooseMember(const std::vector<std::string>& names, const std::string& preferred_key, const std::string& name) {
    std::vector<std::string> arrays;
    std::size_t only = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == preferred_key + ".npy") return i;
        const std::string& n = names[i];
        if (n.size() > 4 && n.compare(n.size() - 4, 4, ".npy") == 0) {
            arrays.push_back(n);
            only = i;
        }
    }
    if (arrays.size() == 1) return only;
    if (arrays.empty())
        fail(name, "this .npz holds no .npy array" +
                       (names.empty() ? std::string(" (the archive is empty)") : " (members: " + nameList(names) + ")") +
                       "; expected one named '" + preferred_key + ".npy' as numpy.savez(path, " + preferred_key + "=...) writes");
    fail(name, "this .npz holds " + std::to_string(arrays.size()) + " arrays and none named '" + preferred_key + "': " +
                   nameList(arrays) + "; expected '" + preferred_key + ".npy' or a single array");
}

// Inflates member `index`, bounded by its declared size (which must be within kMaxNpyBytes).
std::vector<std::uint8_t> readMember(zip_t* archive, std::size_t index, const std::string& member, const std::string& name) {
    zip_stat_t stat;
    if (zip_stat_index(archive, index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        fail(name, "member " + quoteText(member) + " has no readable size (libzip: " + zip_strerror(archive) + ")");
    if (stat.size > kMaxNpyBytes)
        fail(name, "member " + quoteText(member) + " declares " + std::to_string(stat.size) +
                       " bytes uncompressed, more than a W array may hold (" + std::to_string(kMaxNpyBytes) +
                       " bytes); refused before inflating it");
    MemberFile file(zip_fopen_index(archive, index, 0));
    if (!file) fail(name, "member " + quoteText(member) + " cannot be opened (libzip: " + zip_strerror(archive) + ")");
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(stat.size));
    std::size_t filled = 0;
    const auto damaged = [&] {
        fail(name, "member " + quoteText(member) + " is damaged (libzip: " + zip_file_strerror(file.get()) +
                       "); fetch or save the file again");
    };
    while (filled < bytes.size()) {
        const zip_int64_t got = zip_fread(file.get(), bytes.data() + filled, bytes.size() - filled);
        if (got < 0) damaged();
        if (got == 0)
            fail(name, "member " + quoteText(member) + " ends after " + std::to_string(filled) + " of the " +
                           std::to_string(bytes.size()) + " bytes its header declares; the archive is damaged or cut short");
        filled += static_cast<std::size_t>(got);
    }
    std::uint8_t extra = 0;
    const zip_int64_t more = zip_fread(file.get(), &extra, 1);   // also lets libzip check the CRC at the end
    if (more < 0) damaged();
    if (more > 0)
        fail(name, "member " + quoteText(member) + " inflates past the " + std::to_string(bytes.size()) +
                       " bytes its header declares; refused (a damaged archive or a zip bomb)");
    return bytes;
}

std::string openFailure(int code) {
    const std::string detail = " (libzip: " + errorText(code) + ")";
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_EOF)
        return "this .npz is cut short or damaged: its zip directory at the end is missing or unreadable" + detail +
               "; the download or copy stopped early, fetch the file again";
    if (code == ZIP_ER_INCONS)
        return "this .npz is damaged: its zip headers disagree with each other" + detail;
    if (code == ZIP_ER_MULTIDISK) return "this .npz is a multi-disk zip archive" + detail + "; expected one file";
    return "this .npz cannot be read as a zip archive" + detail;
}

// Opens with every consistency check; an archive that fails them for a duplicated name
// (libzip refuses those too, as "File already exists") is opened again without them, so
// the message can name it.
Archive openChecked(const std::uint8_t* data, std::size_t size, const std::string& name) {
    int code = 0;
    Archive archive = openArchive(data, size, ZIP_CHECKCONS, code);
    if (archive) return archive;
    if (code == ZIP_ER_INCONS || code == ZIP_ER_EXISTS) {
        int lenient_code = 0;
        Archive lenient = openArchive(data, size, 0, lenient_code);
        if (lenient) checkedMemberNames(lenient.get(), name);   // throws naming a duplicate or other refusal
    }
    fail(name, openFailure(code));
}

}  // namespace

NpzMember readNpzArrayMember(const std::uint8_t* data, std::size_t size, const std::string& name,
                             const std::string& preferred_key) {
    Archive archive = openChecked(data, size, name);
    const std::vector<std::string> names = checkedMemberNames(archive.get(), name);
    const std::size_t index = chooseMember(names, preferred_key, name);
    NpzMember member;
    member.file_name = names[index];
    member.key = member.file_name.substr(0, member.file_name.size() - 4);
    member.bytes = readMember(archive.get(), index, member.file_name, name);
    return member;
}

std::string serializeNpzStored(const std::string& member_name, const std::string& bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!target) throw std::runtime_error("cannot make an .npz in memory (libzip: " + std::string(zip_error_strerror(&error)) + ")");
    zip_error_fini(&error);
    zip_source_keep(target);   // it outlives the archive: the written bytes are read back from it
    const auto failWith = [&](zip_t* archive, const std::string& step) {
        const std::string detail = archive ? zip_strerror(archive) : "";
        if (archive) zip_discard(archive);
        zip_source_free(target);
        throw std::runtime_error("cannot make an .npz in memory: " + step + " failed (libzip: " + detail + ")");
    };
    zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, nullptr);
    if (!archive) failWith(nullptr, "opening");
    zip_source_t* member = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    const zip_int64_t index = member ? zip_file_add(archive, member_name.c_str(), member, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
        if (member) zip_source_free(member);
        failWith(archive, "adding " + member_name);
    }
    if (zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0)
        failWith(archive, "storing " + member_name);
    if (zip_close(archive) != 0) failWith(archive, "writing");
    std::string out;
    if (zip_source_open(target) != 0) failWith(nullptr, "reading back");
    zip_source_seek(target, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(target);
    zip_source_seek(target, 0, SEEK_SET);
    out.resize(size > 0 ? static_cast<std::size_t>(size) : 0);
    const bool complete = zip_source_read(target, out.data(), out.size()) == size;
    zip_source_close(target);
    if (!complete) failWith(nullptr, "reading back");
    zip_source_free(target);
    return out;
}

}  // namespace stylemix
