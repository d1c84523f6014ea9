# What a Debian package carries besides the binary and the rules, and CPack's DEB generator.
# `./dev package` builds the .deb (BACKTRIAGE_SYSTEM_LIBS=ON, prefix /usr) and tests installing
# and removing it; docs/packaging.md has the details.

# The man page and the changelog compressed, as Debian policy wants (man reads .gz); gzip -n keeps
# the bytes the same from build to build.
find_program(GZIP_PROGRAM gzip REQUIRED)
set(BACKTRIAGE_PACKAGING_DIR "${PROJECT_BINARY_DIR}/packaging")
foreach(pair "docs/backtriage.1:backtriage.1.gz" "packaging/changelog:changelog.gz")
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  add_custom_command(OUTPUT "${BACKTRIAGE_PACKAGING_DIR}/${to}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${BACKTRIAGE_PACKAGING_DIR}"
    COMMAND sh -c "\"$1\" -9nc \"$2\" > \"$3\"" sh "${GZIP_PROGRAM}" "${PROJECT_SOURCE_DIR}/${from}" "${BACKTRIAGE_PACKAGING_DIR}/${to}"
    DEPENDS "${PROJECT_SOURCE_DIR}/${from}" VERBATIM)
  list(APPEND compressed "${BACKTRIAGE_PACKAGING_DIR}/${to}")
endforeach()

# The rule book of the shipped rules, made by the binary just built (with the graph when Graphviz
# is here), for the reviewer who has the package and not the source.
file(GLOB shipped_rule_files CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/rules/*.yaml")
find_program(DOT_PROGRAM dot)
set(book_graph_flag "")
if(NOT DOT_PROGRAM)
  set(book_graph_flag "--no-graph")
endif()
add_custom_command(OUTPUT "${BACKTRIAGE_PACKAGING_DIR}/rule-book.html"
  COMMAND "${CMAKE_COMMAND}" -E env BACKTRIAGE_CACHE_DIR=off
          "$<TARGET_FILE:backtriage>" --rules "${PROJECT_SOURCE_DIR}/rules" rules doc ${book_graph_flag}
          --output "${BACKTRIAGE_PACKAGING_DIR}/rule-book.html"
  DEPENDS backtriage ${shipped_rule_files} VERBATIM)
add_custom_target(packaging_files ALL DEPENDS ${compressed} "${BACKTRIAGE_PACKAGING_DIR}/rule-book.html")

install(FILES "${BACKTRIAGE_PACKAGING_DIR}/backtriage.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${BACKTRIAGE_PACKAGING_DIR}/changelog.gz" "${BACKTRIAGE_PACKAGING_DIR}/rule-book.html"
              "${PROJECT_SOURCE_DIR}/packaging/copyright"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# The rule book registered with doc-base, so documentation browsers (dhelp, dwww) list it.
install(FILES "${PROJECT_SOURCE_DIR}/packaging/backtriage-rule-book.doc-base"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc-base" RENAME backtriage-rule-book)

# Lintian's overrides, each with the reason it is not a fault.
install(FILES "${PROJECT_SOURCE_DIR}/packaging/lintian-overrides"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/lintian/overrides" RENAME backtriage)

# CPack strips the binary but keeps the compiler's .comment section (its version string), which
# Debian's dh_strip removes; so does this, on the staged copy.
find_program(OBJCOPY_PROGRAM objcopy REQUIRED)
install(CODE "execute_process(COMMAND \"${OBJCOPY_PROGRAM}\" --remove-section=.comment
                                      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/backtriage\"
                              COMMAND_ERROR_IS_FATAL ANY)")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "backtriage")
set(CPACK_PACKAGE_VENDOR "the backtriage authors")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "rule-based triage for a tight or painful lower back")
# CPack puts the summary first; this is the long description under it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "backtriage asks only the questions whose answers can still change the result,
then says what to do: self-care, see a doctor, be seen today, or go to the
emergency department now, with the rules, answers and sources behind it.
The rules are YAML files a clinician can read, test and audit; the package
ships the lower-back rule base, its rule book, the man page and bash
completion. It gives general self-care information, not a diagnosis.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "backtriage maintainers <maintainers@backtriage.invalid>"
    CACHE STRING "The Maintainer: field of the .deb")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://backtriage.invalid/"
    CACHE STRING "The Homepage: field of the .deb")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)             # backtriage_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)              # Depends: from dpkg-shlibdeps on the binary
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "graphviz")     # rules graph | dot, rules doc's drawing
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
include(CPack)
