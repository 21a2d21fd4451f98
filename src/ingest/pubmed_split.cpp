// One record of a PubMed export as a file of its own, for studies/<id>.xml.
#include <algorithm>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "ingest/pubmed.hpp"

namespace evidence::ingest {

std::string single_record_xml(const std::string& path, const PubmedRecord& record) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_comments)) return {};
    pugi::xml_document out;
    auto decl = out.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto set = out.append_child("PubmedArticleSet");
    for (const auto& node : doc.document_element().children()) {
        if (node.type() != pugi::node_element) continue;
        // The byte offset identifies the element, even with several records on a line.
        if (node.offset_debug() == record.offset) {
            set.append_copy(node);
            break;
        }
    }
    std::ostringstream o;
    out.save(o, "  ");
    return o.str();
}

}  // namespace evidence::ingest
