# seedkit_add_addon(<name> [REQUIRES <add-on>...] LINK <target>...)
#
# Defines the add-on target seedkit_<name> with the alias seedkit::<name>
# and export name <name>: header-only (INTERFACE), its headers under
# include/seedkit/<name>/, linking the core, the add-ons it REQUIRES and the
# third-party targets in LINK. The one place that defines add-on targets:
# install.cmake installs every add-on recorded here as its own export set,
# so find_package(seedkit COMPONENTS <name>) loads only what it asks for.
function(seedkit_add_addon name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_EXPORT" "" "REQUIRES;LINK")
  foreach(required IN LISTS arg_REQUIRES)
    if(NOT TARGET seedkit::${required})
      string(TOUPPER "${required}" upper)
      message(FATAL_ERROR "the seedkit::${name} add-on needs the seedkit::${required} add-on: "
                          "configure with -DSEEDKIT_ENABLE_${upper}=ON")
    endif()
  endforeach()
  add_library(seedkit_${name} INTERFACE)
  add_library(seedkit::${name} ALIAS seedkit_${name})
  set_target_properties(seedkit_${name} PROPERTIES EXPORT_NAME ${name})
  list(TRANSFORM arg_REQUIRES PREPEND "seedkit_" OUTPUT_VARIABLE required_targets)
  target_link_libraries(seedkit_${name} INTERFACE seedkit ${required_targets} ${arg_LINK})
  set_property(GLOBAL APPEND PROPERTY SEEDKIT_ADDONS ${name})
  if(NOT arg_NO_EXPORT)
    set_property(GLOBAL APPEND PROPERTY SEEDKIT_EXPORTED_ADDONS ${name})
    set_property(GLOBAL PROPERTY SEEDKIT_ADDON_REQUIRES_${name} ${arg_REQUIRES})
  endif()
endfunction()
