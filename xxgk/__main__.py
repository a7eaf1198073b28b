from xxgk.cli.main import main

main()
