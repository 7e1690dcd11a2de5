from hoaxcheck.cli import main

main()
