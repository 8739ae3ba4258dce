# The differential test of issue 12 (tests/differential/README.md): `qufa check` against an
# independent reference model (Python, written from the documentation) on generated scenarios,
# finding by finding. Included from tests/CMakeLists.txt.
#
# The dev build runs the fixed seed list and requires the disagreement classes to be exactly
# those of known_differences.txt; the sanitizer build runs fewer seeds (for what ASan and UBSan
# find in the engine on unusual data) and only refuses classes that are not listed.
if(QUFA_SANITIZE)
  set(QUFA_DIFFERENTIAL_ARGS --seeds 1-40 --cli 1)
else()
  set(QUFA_DIFFERENTIAL_ARGS)
endif()
add_test(NAME differential.check
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/differential/differential.py
                 --qufa $<TARGET_FILE:qufa_cli> --out ${CMAKE_CURRENT_BINARY_DIR}/differential-minimal
                 ${QUFA_DIFFERENTIAL_ARGS})
set_tests_properties(differential.check PROPERTIES ENVIRONMENT "QUFA_LANG=en;NO_COLOR=1"
                     TIMEOUT 900 LABELS differential)
